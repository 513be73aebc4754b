"""Form validators and the actions that submit them, against a live govapi."""
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import ActionBookAppointment, ValidateAppointmentForm
from actions.complaints import ActionSubmitComplaint, ValidateComplaintForm
from actions.general import ActionHandleFallback
from actions.medical import ActionSubmitRemoteFiling, ValidateRemoteFilingForm
from actions.routing import ActionCancelRequest, ActionRouteRequest
from tests.actions.conftest import conversation, new_sender, slot_values, texts


def next_working_day(after_days: int = 3) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=after_days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


async def validate(form, slot, tracker, domain, value=None):
    dispatcher = CollectingDispatcher()
    result = await getattr(form, f"validate_{slot}")(value if value is not None else tracker.latest_message["text"],
                                                     dispatcher, tracker, domain)
    return result[slot], texts(dispatcher)


def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return slot_values(events), texts(dispatcher), dispatcher.messages


@pytest.fixture
def zhang(api):
    sender = new_sender()
    api.bind(sender, "zhang_wei")
    return sender


async def test_remote_filing_validators(domain):
    form = ValidateRemoteFilingForm()
    assert await validate(form, "destination", conversation("inform", "去上海"), domain) == ("去上海", [])
    suzhou = conversation("inform", "苏州", {"city": "320500"})
    assert await validate(form, "destination", suzhou, domain) == ("苏州市", [])
    assert await validate(form, "filing_reason", conversation("inform", "/inform", {"choice": "referral"}), domain) == (
        "referral", [])
    assert await validate(form, "filing_reason", conversation("inform", "I'm retired and live there"), domain) == (
        "resettled_retiree", [])
    assert await validate(form, "filing_reason", conversation("inform", "不知道"), domain) == (None, [])
    start = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert await validate(form, "start_date", conversation("inform", "下周", {"date": start}), domain) == (start, [])
    far = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    assert await validate(form, "start_date", conversation("inform", far), domain) == (
        None, ["utter_start_date_invalid"])
    assert await validate(form, "start_date", conversation("inform", "随便"), domain) == (None, ["utter_date_invalid"])


def test_remote_filing_is_submitted_with_a_case_number(domain, zhang):
    start = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    tracker = conversation("inform", start, slots={"identity_verified": True, "destination": "上海",
                                                   "filing_reason": "referral", "start_date": start}, sender=zhang)
    slots, said, messages = run(ActionSubmitRemoteFiling(), tracker, domain)
    assert said == ["utter_remote_filing_done"] and messages[0]["case_number"].startswith("JS")
    assert slots == {"destination": None, "filing_reason": None, "start_date": None}


async def test_appointment_validators(domain):
    form = ValidateAppointmentForm()
    assert await validate(form, "appointment_matter", conversation("inform", "身份证换领"), domain) == (
        "id_card_renewal", [])
    assert await validate(form, "appointment_matter", conversation("inform", "xyzzy"), domain) == (
        None, ["utter_matter_unknown"])
    assert await validate(form, "appointment_place", conversation("inform", "昆山", {"county": "320583"}), domain) == (
        "320583", [])
    assert await validate(form, "appointment_place", conversation("inform", "火星"), domain) == (
        None, ["utter_place_unknown"])
    day = next_working_day()
    placed = {"appointment_place": "320583"}
    assert await validate(form, "appointment_date", conversation("inform", "x", {"date": day.isoformat()},
                                                                 slots=placed), domain) == (day.isoformat(), [])
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    assert await validate(form, "appointment_date", conversation("inform", saturday.isoformat(), slots=placed),
                          domain) == (None, ["utter_date_not_bookable"])


def _book(domain, sender, hall, day, matter="id_card_renewal"):
    tracker = conversation("inform", day.isoformat(), sender=sender, slots={
        "identity_verified": True, "appointment_matter": matter, "appointment_place": hall,
        "appointment_date": day.isoformat()})
    return run(ActionBookAppointment(), tracker, domain)


def test_bookings_take_the_first_free_time(domain, api):
    day = next_working_day(5)
    times = []
    for citizen in ("zhang_wei", "li_na", "wang_fang", "chen_ming", "zhang_wei"):
        sender = new_sender()
        api.bind(sender, citizen)
        slots, said, messages = _book(domain, sender, "321302", day)
        # the day, its part and the confirmation go; matter and hall stay for a rebooking button
        assert said == ["utter_appointment_booked"] and slots == {
            "appointment_date": None, "appointment_part_of_day": None, "appointment_confirmed": None}
        times.append(messages[0]["time"])
    assert times == ["09:00"] * 4 + ["09:30"]


def test_a_full_day_offers_the_nearest_free_days(domain, api):
    day = next_working_day(10)
    senders = []
    for citizen in ("zhang_wei", "li_na", "wang_fang", "chen_ming"):
        sender = new_sender()
        api.bind(sender, citizen)
        senders.append(sender)
    for slot in api.get("/v1/halls/320311/slots", date=day.isoformat())["slots"]:
        assert slot["capacity"] <= len(senders)
        for sender in senders[:slot["capacity"]]:
            api.post("/v1/me/appointments", sender, hall_code="320311", matter_code="id_card_renewal",
                     date=day.isoformat(), time=slot["time"])
    late = new_sender()
    api.bind(late, api.generated_citizen(2))
    _, said, messages = _book(domain, late, "320311", day)
    assert said == ["utter_slot_full"]
    buttons = messages[0]["buttons"]
    assert buttons and all(b["payload"].startswith('/book_appointment{"date":') for b in buttons)
    assert day.isoformat() not in [b["title"] for b in buttons]


def test_a_day_chosen_from_the_buttons_is_booked_straight_away(domain, zhang):
    day = next_working_day(8)
    tracker = conversation("book_appointment", f'/book_appointment{{"date":"{day.isoformat()}"}}',
                           {"date": day.isoformat()}, sender=zhang,
                           slots={"identity_verified": True, "appointment_matter": "passport_application",
                                  "appointment_place": "320102"})
    slots, said, messages = run(ActionRouteRequest(), tracker, domain)
    assert said == ["utter_appointment_booked"] and slots["next_step"] == "done"
    assert messages[0]["date"] == day.isoformat()


async def test_complaint_validators_and_work_order(domain):
    form = ValidateComplaintForm()
    assert await validate(form, "complaint_text", conversation("complaint", "楼下烧烤店半夜很吵"), domain) == (
        "楼下烧烤店半夜很吵", [])
    assert await validate(form, "complaint_location", conversation("inform", "昆山市前进中路218号"), domain) == (
        "昆山市前进中路218号", [])
    assert await validate(form, "complaint_category", conversation("inform", "/inform", {"choice": "noise"}),
                          domain) == ("noise", [])
    assert await validate(form, "complaint_category", conversation("inform", "pothole on the road"), domain) == (
        "road", [])
    tracker = conversation("inform", "/inform", slots={"complaint_text": "楼下烧烤店半夜很吵",
                                                       "complaint_location": "昆山市前进中路218号",
                                                       "complaint_category": "noise"})
    slots, said, messages = run(ActionSubmitComplaint(), tracker, domain)
    assert said == ["utter_complaint_filed"] and messages[0]["number"].startswith("GD")
    assert messages[0]["department"] == "生态环境局"
    assert all(slots[name] is None for name in ("complaint_text", "complaint_location", "complaint_category"))
    assert slots["next_step"] == "done"


def test_a_complaint_that_cannot_be_filed_goes_to_a_person(domain, monkeypatch):
    monkeypatch.setenv("GOVAPI_URL", "http://127.0.0.1:9")
    tracker = conversation("inform", "/inform", slots={"complaint_text": "路灯坏了", "complaint_location": "昆山",
                                                       "complaint_category": "road"})
    slots, said, _ = run(ActionSubmitComplaint(), tracker, domain)
    assert said == ["utter_complaint_handover"]
    assert slots["next_step"] == "handoff" and slots["handoff_reason"] == "complaint"


def test_cancel_forgets_the_form_details(domain):
    tracker = conversation("cancel", "算了不办了", slots={"complaint_text": "x", "request": "complaint"})
    slots, said, _ = run(ActionCancelRequest(), tracker, domain)
    assert said == ["utter_cancelled"] and slots["complaint_text"] is None and slots["next_step"] == "done"


def test_two_stage_fallback(domain):
    first = conversation("nlu_fallback", "asdfgh")
    slots, said, _ = run(ActionHandleFallback(), first, domain)
    assert said == ["utter_ask_rephrase"] and slots["next_step"] == "done"
    second = conversation("nlu_fallback", "qwerty")
    second.events.insert(0, {"event": "user", "text": "asdfgh", "parse_data": {"intent": {"name": "nlu_fallback"}}})
    slots, said, _ = run(ActionHandleFallback(), second, domain)
    assert said == ["utter_fallback_handover"]
    assert slots["next_step"] == "handoff" and slots["handoff_reason"] == "fallback"


async def test_place_from_the_nlu_or_from_a_hall_name(domain):
    from actions.places import ValidatePlaceForm
    form = ValidatePlaceForm()
    assert await validate(form, "place", conversation("inform", "昆山", {"county": "320583"}), domain) == ("320583", [])
    assert await validate(form, "place", conversation("inform", "苏州", {"city": "320500"}), domain) == ("320500", [])
    assert await validate(form, "place", conversation("inform", "火星基地"), domain) == (None, ["utter_place_unknown"])
