"""Working hours, the desk's texts, and action_handoff's payload."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from bot.desk.hotline import texts
from bot.desk.hotline.handoffs import handoff_request
from bot.desk.hotline.hours import WorkingHours

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("moment,is_open", [
    (datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), True),     # Monday 09:00
    (datetime(2026, 11, 27, 16, 59, tzinfo=SHANGHAI), True),   # Friday 16:59
    (datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI), False),   # Friday 17:00
    (datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI), False),   # Saturday
    (datetime(2026, 11, 23, 2, 0, tzinfo=ZoneInfo("UTC")), True),   # Monday 10:00 in Shanghai
    (datetime(2026, 11, 22, 23, 0, tzinfo=ZoneInfo("UTC")), False),  # Monday 07:00 in Shanghai
])
def test_working_hours_in_shanghai(moment, is_open):
    assert WorkingHours("Mon-Fri 09:00-17:00").is_open(moment) is is_open


def test_several_ranges_and_around_the_clock():
    hours = WorkingHours("Mon-Fri 09:00-17:00, Sat 09:00-12:00")
    assert hours.is_open(datetime(2026, 11, 28, 11, 0, tzinfo=SHANGHAI))
    assert not hours.is_open(datetime(2026, 11, 28, 12, 0, tzinfo=SHANGHAI))
    always = WorkingHours("Mon-Sun 00:00-24:00")
    assert always.is_open(datetime(2026, 11, 29, 23, 59, tzinfo=SHANGHAI))
    weekend_wrap = WorkingHours("Sat-Mon 10:00-11:00")
    assert weekend_wrap.is_open(datetime(2026, 11, 30, 10, 30, tzinfo=SHANGHAI))  # Monday
    assert not weekend_wrap.is_open(datetime(2026, 11, 25, 10, 30, tzinfo=SHANGHAI))  # Wednesday


@pytest.mark.parametrize("spec", ["9 to 5", "Mon-Fry 09:00-17:00", "Mon 9-17"])
def test_bad_hours_are_refused(spec):
    with pytest.raises(ValueError):
        WorkingHours(spec)


@pytest.mark.parametrize("key", sorted(texts._TEXTS))
def test_every_desk_text_exists_in_both_languages(key):
    values = {"team": "medical", "ahead": 2, "minutes": 9, "hours": "Mon-Fri 09:00-17:00", "name": "a1",
              "note": "n"}
    zh, en = texts.say(key, "zh-CN", **values), texts.say(key, "en-US", **values)
    assert zh != en and any("\u4e00" <= c <= "\u9fff" for c in zh) and en.isascii()
    assert texts.say(key, None, **values) == zh + "\n" + en


def _tracker(events, slots=None, latest_intent="request_human"):
    return Tracker("c1", slots or {}, {"intent": {"name": latest_intent, "confidence": 0.9}}, events, False,
                   None, {}, "action_listen")


def _user(intent):
    return {"event": "user", "text": "x", "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


@pytest.mark.parametrize("events,slots,latest,reason,topic", [
    ([_user("medical_remote_filing"), _user("request_human")], {}, "request_human", "request_human", "medical"),
    ([_user("housing_fund_balance")], {"request": "id_card", "language": "en"}, "request_human", "request_human",
     "household"),
    ([_user("greet")], {}, "complaint", "complaint", "general"),
    ([_user("pension_payment")], {}, "nlu_fallback", "fallback", "social_security"),
    ([_user("housing_fund_withdrawal")], {"identity_status": "locked"}, "inform", "lockout", "housing_fund"),
    ([_user("complaint")], {"handoff_reason": "complaint"}, "inform", "complaint", "general"),
    ([_user("pension_payment")], {"handoff_reason": "lockout", "request": "pension_payment"}, "inform", "lockout",
     "social_security"),
])
def test_action_handoff_payload_and_pause(events, slots, latest, reason, topic):
    dispatcher = CollectingDispatcher()
    result = ActionHandoff().run(dispatcher, _tracker(events, slots, latest), {})
    assert result[-1] == {"event": "pause", "timestamp": None}
    cleared = {event["name"] for event in result if event["event"] == "slot" and event["value"] is None}
    assert cleared == {"handoff_reason", "request"}
    expected = {"reason": reason, "topic": topic, "language": slots.get("language")}
    assert dispatcher.messages[0]["custom"] == {"handoff": expected}
    assert handoff_request([{"custom": dispatcher.messages[0]["custom"]}]) == expected


def test_handoff_request_ignores_other_custom_payloads():
    assert handoff_request([{"text": "hi"}, {"custom": {"map": 1}}, {"custom": "x"}]) is None
