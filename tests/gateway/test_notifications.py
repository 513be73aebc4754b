"""The gateway's notification webhook against the real process: signatures, malformed events,
delivery to Telegram (fake Bot API) and the web chat, de-duplication by event id, retries after
Telegram fails, conversations that are gone, and quiet hours."""
import datetime as dt
import itertools
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
import requests

from bot.notifications import texts
from bot.notifications.quiet_hours import QuietHours
from bot.notifications.store import NoticeStore
from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.fake_wechat import FakeWechat
from tests.gateway.gateway_process import GatewayProcess
from tests.gateway.notify import SECRET, post_event, status_event

chat_ids = itertools.count(97001)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _gateway(tmp_path_factory, fake_rasa, fake_telegram, quiet_hours: str) -> GatewayProcess:
    database = f"sqlite:///{tmp_path_factory.mktemp('notices') / 'gateway.db'}"
    gateway = GatewayProcess(tmp_path_factory.mktemp("gw"), RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=database,
                             GOVAPI_URL="http://127.0.0.1:9", TELEGRAM_BOT_TOKEN=fake_telegram.token,
                             TELEGRAM_API_BASE=fake_telegram.api_base, TELEGRAM_MODE="polling",
                             GOVAPI_NOTIFY_SECRET=SECRET, NOTIFICATIONS_QUIET_HOURS=quiet_hours,
                             NOTIFICATIONS_RETRY_S="0.5", NOTIFICATIONS_INTERVAL_S="0.5")
    gateway.database_url = database
    gateway.start()
    fake_telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
    return gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, fake_rasa, fake_telegram):
    process = _gateway(tmp_path_factory, fake_rasa, fake_telegram, "")
    yield process
    process.stop()


def _window_around_now() -> str:
    now = dt.datetime.now(SHANGHAI)
    start, end = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    return f"{start:%H:%M}-{end:%H:%M}"


def _telegram_chat(fake_telegram, language_code: str = "zh-hans") -> int:
    """A Telegram chat the gateway knows (the citizen wrote to it once)."""
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "你好", language_code=language_code)
    fake_telegram.wait_for_texts(chat, 1)
    return chat


def _notices(gateway, conversation_id):
    engine = make_engine(gateway.database_url)
    try:
        return NoticeStore(engine).of_conversation(conversation_id)
    finally:
        engine.dispose()


def _transcript(gateway, conversation_id):
    engine = make_engine(gateway.database_url)
    try:
        return MessageStore(engine).history(conversation_id)
    finally:
        engine.dispose()


def _history(gateway, sender):
    return requests.get(gateway.url + "/api/chat/history", params={"sender": sender}, timeout=10).json()["messages"]


def test_forged_stale_and_malformed_events_are_refused_and_nothing_is_kept(gateway, fake_telegram):
    chat = _telegram_chat(fake_telegram)
    event = status_event([{"chat_user": f"tg:{chat}", "language": "zh"}])
    assert post_event(gateway.url, event, secret="wrong-secret").status_code == 401
    assert post_event(gateway.url, event, signature="").status_code == 401
    assert post_event(gateway.url, event, timestamp=int(time.time()) - 3600).status_code == 401
    forged = post_event(gateway.url, event, secret="wrong-secret").json()["error"]["message"]
    assert "签名" in forged and "signed" in forged
    for broken in (b"not json", b"[1, 2]", {**event, "kind": "lottery"}, {**event, "urgent": "yes"},
                   {**event, "payload": {"case_number": "JS1"}},
                   {**event, "recipients": [{"chat_user": "sms:13800000001", "language": "zh"}]},
                   {**event, "recipients": [{"chat_user": f"tg:{chat}", "language": "fr"}]}):
        answer = post_event(gateway.url, broken)
        assert answer.status_code == 400, (broken, answer.text)
        assert "格式" in answer.json()["error"]["message"]
    assert _notices(gateway, f"tg:{chat}") == []
    time.sleep(1)
    assert len(fake_telegram.calls_of("sendMessage", chat)) == 1  # the greeting only


def test_telegram_gets_the_notice_once_in_its_language_with_a_button(gateway, fake_telegram):
    chat = _telegram_chat(fake_telegram, "en-US")
    event = status_event([{"chat_user": f"tg:{chat}", "language": "en"}], status="approved")
    first = post_event(gateway.url, event)
    assert first.status_code == 200 and first.json()["new"] == 1
    [sent] = fake_telegram.wait_for_texts(chat, 1, after=1)
    assert "Your residence permit application (case JS20261201000042) is approved" in sent.params["text"]
    buttons = [b["text"] for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["View details", "Book a time to collect"]
    again = post_event(gateway.url, event)  # the platform sends it again (its answer got lost)
    assert again.status_code == 200 and again.json()["new"] == 0
    time.sleep(1.5)
    assert len(fake_telegram.calls_of("sendMessage", chat)) == 2
    transcript = [m["text"] for m in _transcript(gateway, f"tg:{chat}") if "approved" in (m["text"] or "")]
    assert len(transcript) == 1
    [notice] = _notices(gateway, f"tg:{chat}")
    assert notice["sent_at"] is not None and notice["dropped"] is None


def test_the_details_button_of_a_notice_reaches_rasa_as_its_payload(gateway, fake_telegram, fake_rasa):
    chat = _telegram_chat(fake_telegram)
    assert post_event(gateway.url, status_event([{"chat_user": f"tg:{chat}", "language": "zh"}])).status_code == 200
    [sent] = fake_telegram.wait_for_texts(chat, 1, after=1)
    assert "【办件进度】" in sent.params["text"] and "已受理" in sent.params["text"]
    [[details]] = sent.params["reply_markup"]["inline_keyboard"]
    assert details["text"] == "查看详情"
    fake_telegram.push_button(chat, sent, details["callback_data"])
    fake_telegram.wait_for_texts(chat, 1, after=2)
    assert fake_rasa.received[-1]["message"] == '/application_status{"case_number":"JS20261201000042"}'


def test_the_web_chat_shows_the_notice_in_its_history(gateway):
    sender = f"n{uuid.uuid4().hex[:10]}"
    requests.post(gateway.url + "/api/chat", json={"sender": sender, "message": "hello"}, timeout=10)
    assert post_event(gateway.url, status_event([{"chat_user": f"web:{sender}", "language": "zh"}],
                                                status="rejected", urgent=True)).status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any("很遗憾" in (m["text"] or "") for m in _history(gateway, sender)):
        time.sleep(0.2)
    [shown] = [m for m in _history(gateway, sender) if "很遗憾" in (m["text"] or "")]
    assert shown["who"] == "bot" and shown["buttons"][0]["title"] == "查看详情"


def test_a_failed_telegram_send_is_tried_again_and_stored_once(gateway, fake_telegram):
    chat = _telegram_chat(fake_telegram)
    fake_telegram.fail_next("sendMessage", 502, times=6)  # more than PTB's retries of one send
    assert post_event(gateway.url, status_event([{"chat_user": f"tg:{chat}", "language": "zh"}],
                                                status="in_review")).status_code == 200
    # PTB tries a send 5 times; the sixth failure is the notice's own second attempt, the seventh call gets through
    [sent] = fake_telegram.wait_for_texts(chat, 1, after=7, timeout_s=60)
    assert "正在审核" in sent.params["text"]
    time.sleep(0.5)
    [notice] = _notices(gateway, f"tg:{chat}")
    assert notice["attempts"] >= 1 and notice["sent_at"] is not None
    assert len([m for m in _transcript(gateway, f"tg:{chat}") if "正在审核" in (m["text"] or "")]) == 1


def test_a_notice_waits_as_long_as_telegram_asks_when_rate_limited(gateway, fake_telegram):
    chat = _telegram_chat(fake_telegram)
    fake_telegram.fail_next("sendMessage", 429, retry_after=2)
    started = time.monotonic()
    assert post_event(gateway.url, status_event([{"chat_user": f"tg:{chat}", "language": "en"}])).status_code == 200
    [refused, sent] = fake_telegram.wait_for_texts(chat, 2, after=1)
    assert time.monotonic() - started >= 2.0 and refused.params["text"] == sent.params["text"]
    time.sleep(0.5)
    [notice] = _notices(gateway, f"tg:{chat}")
    assert notice["attempts"] == 0 and notice["sent_at"] is not None  # PTB's rate limiter waited, no retry


def test_a_conversation_the_gateway_does_not_have_gets_nothing(gateway, fake_telegram):
    chat = next(chat_ids)  # never wrote, or erased
    assert post_event(gateway.url, status_event([{"chat_user": f"tg:{chat}", "language": "zh"}])).status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (_notices(gateway, f"tg:{chat}") or [{}])[0].get("sent_at"):
        time.sleep(0.2)
    [notice] = _notices(gateway, f"tg:{chat}")
    assert notice["dropped"] == "no_conversation"
    assert fake_telegram.calls_of("sendMessage", chat) == []


def test_quiet_hours_hold_a_notice_but_not_an_urgent_one(tmp_path_factory, fake_rasa):
    fake_telegram = FakeTelegram().start()  # its own: the module's gateway polls the other one
    quiet = _gateway(tmp_path_factory, fake_rasa, fake_telegram, _window_around_now())
    try:
        chat = _telegram_chat(fake_telegram)
        recipients = [{"chat_user": f"tg:{chat}", "language": "zh"}]
        assert post_event(quiet.url, status_event(recipients, status="accepted")).status_code == 200
        assert post_event(quiet.url, status_event(recipients, status="rejected", urgent=True)).status_code == 200
        [sent] = fake_telegram.wait_for_texts(chat, 1, after=1)
        assert "很遗憾" in sent.params["text"]
        time.sleep(2)
        assert len(fake_telegram.calls_of("sendMessage", chat)) == 2
        held, urgent = _notices(quiet, f"tg:{chat}")
        assert held["sent_at"] is None and held["release_at"] > dt.datetime.utcnow() + dt.timedelta(minutes=50)
        assert urgent["sent_at"] is not None
    finally:
        quiet.stop()
        fake_telegram.stop()


@pytest.mark.parametrize("local_time, released_at", [
    ("2026-12-01 20:59", "2026-12-01 20:59"),   # before the quiet hours: at once
    ("2026-12-01 21:00", "2026-12-02 08:00"),   # in the evening: next morning
    ("2026-12-02 03:30", "2026-12-02 08:00"),   # after midnight: this morning
    ("2026-12-02 08:00", "2026-12-02 08:00"),   # the quiet hours are over
])
def test_quiet_hours_release_non_urgent_notices_in_the_morning(local_time, released_at):
    hours = QuietHours.parse("21:00-08:00", "Asia/Shanghai")

    def utc(text):
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).astimezone(
            dt.timezone.utc).replace(tzinfo=None)
    assert hours.release_time(utc(local_time)) == utc(released_at)


def test_quiet_hours_settings_are_checked():
    afternoon = dt.datetime(2026, 12, 1, 14)
    assert QuietHours.parse("", "Asia/Shanghai").release_time(afternoon) == afternoon
    for wrong in ("21-08", "25:00-08:00", "21:00"):
        with pytest.raises(ValueError):
            QuietHours.parse(wrong, "Asia/Shanghai")


def test_every_kind_renders_in_both_languages():
    payloads = {
        "status": status_event([])["payload"],
        "appointment": {"number": "YY20261202000001", "day": "2026-12-02", "time": "09:30",
                        "hall_name_zh": "玄武区政务服务中心", "hall_name_en": "Xuanwu Service Centre",
                        "address_zh": "北京东路1号", "address_en": "1 Beijing E Rd",
                        "matter_name_zh": "身份证换领", "matter_name_en": "ID card renewal"},
        "expiry": {"reminder": "id_card:2027-01-15", "document": "id_card", "expires_on": "2027-01-15",
                   "days_left": 45},
    }
    for kind, payload in payloads.items():
        zh, en = texts.render(kind, payload, "zh"), texts.render(kind, payload, "en")
        assert zh["text"] != en["text"] and "【" in zh["text"] and en["text"].startswith("[")
        assert zh["buttons"] and all(b["payload"].startswith("/") for b in zh["buttons"] + en["buttons"])
    assert texts.render("appointment", payloads["appointment"], "zh")["buttons"][0]["title"] == "改约"


def test_wechat_gets_the_notice_as_a_customer_service_message(tmp_path_factory, fake_rasa):
    wechat = FakeWechat().start()
    database = f"sqlite:///{tmp_path_factory.mktemp('wxnotices') / 'gateway.db'}"
    gateway = GatewayProcess(tmp_path_factory.mktemp("wx"), RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=database,
                             GOVAPI_URL="http://127.0.0.1:9", GOVAPI_NOTIFY_SECRET=SECRET,
                             NOTIFICATIONS_QUIET_HOURS="", **wechat.gateway_env()).start()
    wechat.targets = [gateway.url]
    try:
        openid = "oNotice000001_citizenAbcdefgh"
        wechat.text(openid, "你好")
        wechat.wait_for_answers(openid, 1, 30, quiet_s=1.0)
        event = status_event([{"chat_user": f"wx:{openid}", "language": "zh"}], status="completed")
        assert post_event(gateway.url, event).status_code == 200
        answers = wechat.wait_for_answers(openid, 2, 30, quiet_s=1.0)
        notice = answers[-1]
        assert notice.kind == "custom" and "已办结" in notice.text and "JS20261201000042" in notice.text
        assert "1" in notice.text and "查看详情" in notice.text  # buttons become numbered choices
        assert post_event(gateway.url, event).json()["new"] == 0
        time.sleep(1.5)
        assert len(wechat.answers(openid)) == len(answers)
    finally:
        gateway.stop()
        wechat.stop()
