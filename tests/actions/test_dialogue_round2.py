"""Issue 16's pieces in the action server: platform errors told honestly, how-to questions, several
requests in one message, what an opening message fills, the summaries and their corrections."""
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import guides, opening, several
from actions.appointments import ValidateAppointmentForm, _free_time
from actions.complaints import ValidateComplaintForm
from actions.govapi_client import LOCKED, REFUSED, GovApiClient, GovApiError
from actions.platform_errors import RESPONSE_OF_CODE, lockout_minutes, response_of, retry_minutes
from actions.replies import Conversation
from actions.routing import ActionRouteRequest
from govapi.errors import MESSAGES
from tests.actions.conftest import conversation, slot_values, texts


def talk_for(tracker, language="zh") -> Conversation:
    tracker.slots["language"] = language
    return Conversation(CollectingDispatcher(), tracker, {}, GovApiClient.from_env())


def test_every_platform_error_code_has_a_bilingual_explanation(domain):
    responses = domain["responses"]
    for code in MESSAGES:
        name = response_of(GovApiError("invalid", code=code))
        variations = responses[name]
        languages = {condition["value"] for v in variations for condition in v.get("condition", [])
                     if condition["name"] == "language"}
        assert languages == {"en", "zh"} and any(not v.get("condition") for v in variations), name
        assert all("{reason}" not in v["text"] for v in variations), name
    assert "utter_govapi_error" not in responses
    assert set(RESPONSE_OF_CODE) <= set(MESSAGES)


def test_an_unknown_code_and_an_outage_still_get_a_next_step(domain):
    for error in (GovApiError("invalid", code="something_new"), GovApiError("unavailable", code="ConnectTimeout")):
        text = domain["responses"][response_of(error)][-1]["text"]
        assert "12345" in text or "再试" in text


def test_the_lockout_minutes_come_from_the_platforms_answer():
    until = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) + dt.timedelta(minutes=14, seconds=30)).isoformat()
    error = GovApiError(LOCKED, code="locked", status=423, payload={"error": {"locked_until": until}})
    assert lockout_minutes(error) == 15
    limited = GovApiError(REFUSED, code="rate_limited", status=429, payload={"error": {"retry_after": 61}})
    assert retry_minutes(limited) == 2


def test_counts_are_said_in_good_english():
    talk = talk_for(conversation("inform"), "en")
    assert talk.plural(1, "utter_part_tries_one", "utter_part_tries") == "1 more try"
    assert talk.plural(4, "utter_part_tries_one", "utter_part_tries") == "4 more tries"
    assert talk.plural(1, "utter_part_minutes_one", "utter_part_minutes") == "1 minute"
    assert talk_for(conversation("inform")).plural(15, "utter_part_minutes_one", "utter_part_minutes") == "15分钟"


@pytest.mark.parametrize("text, how_to", [
    ("社保卡丢了怎么办", True), ("医保卡丢了要怎么处理", True), ("社保卡丟了怎麼辦", True),
    ("how do I withdraw my housing fund", True), ("how can I check my pension", True),
    ("我的办件进度怎么查", False), ("帮我查一下怎么还没到账", False), ("公积金余额多少", False),
    ('/social_security_card{"choice":"report_loss"}', False), ("check my pension", False),
])
def test_how_to_questions(text, how_to):
    assert guides.is_how_to(text) is how_to


def test_a_lost_card_is_guided_to_the_loss_report_whatever_the_card_is_called():
    for intent, text in (("social_security_card", "社保卡丢了怎么办"),
                         ("medical_insurance_balance", "医保卡丢了要怎么处理"),
                         ("social_security_card", "how do I report a lost social security card")):
        guide = guides.guide_for(intent, text)
        assert (guide.matter, guide.intent, guide.choice) == ("ss_card_loss", "social_security_card", "report_loss")
    assert guides.guide_for("pension_payment", "养老金资格认证怎么办").matter == "pension_certification"
    assert guides.guide_for("housing_fund_balance", "查一下我的公积金") is None


def test_several_requests_in_one_message():
    assert several.requests_in("查下公积金，顺便问问社保卡丢了怎么办", "social_security_card") == [
        {"intent": "housing_fund_balance", "text": "查下公积金"},
        {"intent": "social_security_card", "text": "社保卡丢了怎么办"}]
    english = several.requests_in("check my pension and also my housing fund balance", "pension_payment")
    assert [part["intent"] for part in english] == ["pension_payment", "housing_fund_balance"]
    assert several.requests_in("社保卡丢了，顺便问问社保卡怎么补办", "social_security_card") == []
    assert several.requests_in("查下公积金余额", "housing_fund_balance") == []
    assert [part["intent"] for part in several.requests_in("查公积金和医保余额", "housing_fund_balance")] == [
        "housing_fund_balance", "medical_insurance_balance"]
    assert several.requests_in("社保卡和身份证丢了怎么办", "social_security_card") == []


@pytest.mark.parametrize("text, description", [
    ("我要反映一下楼下饭店油烟太大，在南京鼓楼区", "楼下饭店油烟太大，在南京鼓楼区"),
    ("我要投诉：小区门口的路灯坏了三天", "小区门口的路灯坏了三天"),
    ("我要投诉小区噪音", None), ("我要投诉", None), ("/complaint", None),
    ("I want to report a broken street light on Zhongshan Road", "broken street light on Zhongshan Road"),
])
def test_the_complaint_text_is_the_message_without_its_preamble(text, description):
    assert opening.description_of(text) == description


def test_a_complaint_message_fills_text_place_and_kind():
    tracker = conversation("complaint", "我要反映一下楼下饭店油烟太大，在南京鼓楼区",
                           entities={"city": "320100", "county": "320106"})
    details = opening.complaint_details(tracker, tracker.latest_message["text"])
    assert details == {"complaint_text": "楼下饭店油烟太大，在南京鼓楼区", "complaint_category": "noise",
                       "complaint_location": "南京市鼓楼区"}


def test_a_booking_message_fills_matter_hall_day_and_part_of_day():
    text = "帮我预约下周三下午去江阴市民中心办身份证换领"
    tracker = conversation("book_appointment", text, entities={"county": "320281", "date": "2026-12-09"})
    tracker.latest_message["entities"][1]["part_of_day"] = "afternoon"
    details = opening.booking_details(talk_for(tracker), text)
    assert details == {"appointment_matter": "id_card_renewal", "appointment_place": "320281",
                       "appointment_date": "2026-12-09", "appointment_part_of_day": "afternoon"}
    vague = opening.booking_details(talk_for(conversation("book_appointment", "预约去办身份证")), "预约去办身份证")
    assert sorted(vague["matter_candidates"]) == ["id_card_renewal", "id_card_replacement"]


def test_the_afternoon_is_booked_in_the_afternoon():
    timetable = {"slots": [{"time": "09:00", "available": 2}, {"time": "13:30", "available": 0},
                           {"time": "14:00", "available": 1}]}
    assert _free_time(timetable, "afternoon") == "14:00"
    assert _free_time(timetable, "morning") == "09:00"
    assert _free_time(timetable) == "09:00"


async def test_prefilled_booking_values_survive_the_forms_start(domain):
    """Rasa validates slots filled before a form starts; the latest message is then the SMS code."""
    form = ValidateAppointmentForm()
    tracker = conversation("inform", "123456", slots={"appointment_place": "320281"})
    dispatcher = CollectingDispatcher()
    place = await form.validate_appointment_place("320281", dispatcher, tracker, domain)
    assert place == {"appointment_place": "320281"}
    matter = await form.validate_appointment_matter("id_card_renewal", dispatcher, tracker, domain)
    assert matter["appointment_matter"] == "id_card_renewal"
    day = dt.date.today() + dt.timedelta(days=7 + (2 - dt.date.today().weekday()) % 7)   # a Wednesday
    dated = await form.validate_appointment_date(day.isoformat(), dispatcher, tracker, domain)
    assert dated["appointment_date"] == day.isoformat()
    assert dispatcher.messages == []


async def test_a_correction_at_the_summary_changes_that_value_only(domain):
    form = ValidateAppointmentForm()
    slots = {"appointment_place": "320281", "appointment_matter": "id_card_renewal", "appointment_date": "2026-12-09"}
    day = dt.date.today() + dt.timedelta(days=8 + (3 - dt.date.today().weekday()) % 7)   # a Thursday
    tracker = conversation("inform", "不对，是下周四", entities={"date": day.isoformat()}, slots=slots)
    dispatcher = CollectingDispatcher()
    changed = await form.validate_appointment_confirmed("不对，是下周四", dispatcher, tracker, domain)
    assert changed == {"appointment_date": day.isoformat(), "appointment_confirmed": None}
    plain_no = conversation("deny", "不对", slots=slots)
    asked = CollectingDispatcher()
    assert await form.validate_appointment_confirmed("不对", asked, plain_no, domain) == {"appointment_confirmed": None}
    assert texts(asked) == ["utter_ask_correction"]
    yes = conversation("affirm", "确认", slots=slots)
    assert await form.validate_appointment_confirmed("确认", CollectingDispatcher(), yes, domain) == {
        "appointment_confirmed": True}


async def test_a_work_orders_place_is_corrected_at_its_summary(domain):
    tracker = conversation("deny", "不对，在玄武区", entities={"county": "320102"},
                           slots={"complaint_location": "南京市鼓楼区", "complaint_category": "noise"})
    changed = await ValidateComplaintForm().validate_complaint_confirmed("不对，在玄武区", CollectingDispatcher(),
                                                                         tracker, domain)
    assert changed == {"complaint_location": "南京市玄武区", "complaint_confirmed": None}


def test_a_how_to_question_gets_the_guide_and_an_offer_without_asking_for_identity(domain):
    tracker = conversation("social_security_card", "社保卡丢了怎么办")
    dispatcher = CollectingDispatcher()
    events = ActionRouteRequest().run(dispatcher, tracker, domain)
    assert slot_values(events)["next_step"] == "done"
    said = texts(dispatcher)
    assert said[0] == "utter_matter_guide" and "挂失" in dispatcher.messages[1]["text"]
    assert dispatcher.messages[1]["buttons"][0]["payload"] == '/social_security_card{"choice":"report_loss"}'
    assert "utter_identity_needed" not in said


def test_two_requests_are_announced_and_the_second_waits_for_verification(domain):
    tracker = conversation("social_security_card", "查下公积金，顺便问问社保卡丢了怎么办")
    dispatcher = CollectingDispatcher()
    events = ActionRouteRequest().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["next_step"] == "verify_identity_form" and values["request"] == "housing_fund_balance"
    said = texts(dispatcher)
    assert said[:2] == ["utter_several_requests", "utter_matter_guide"] and "utter_identity_needed" in said
    assert dispatcher.messages[1]["name"] == "社会保障卡挂失"
