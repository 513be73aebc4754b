"""The identity form's validators against a live govapi: ID -> phone (SMS code sent) -> code."""
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import ValidateVerifyIdentityForm
from tests.actions.conftest import DEMO, conversation, texts

ZHANG_ID, ZHANG_PHONE = DEMO["zhang_wei"]


async def validate(method: str, tracker, domain):
    dispatcher = CollectingDispatcher()
    value = tracker.latest_message["text"]
    result = await getattr(ValidateVerifyIdentityForm(), method)(value, dispatcher, tracker, domain)
    return result, texts(dispatcher), dispatcher


async def test_a_checksum_valid_id_number_is_kept(domain):
    result, said, _ = await validate("validate_id_number", conversation(
        "inform", ZHANG_ID, {"id_number": ZHANG_ID}), domain)
    assert result == {"id_number": ZHANG_ID} and said == []


async def test_a_wrong_id_number_is_explained_and_asked_again(domain):
    result, said, _ = await validate("validate_id_number", conversation(
        "inform", "320102198503121235", {"id_number_invalid": "320102198503121235"}), domain)
    assert result == {"id_number": None}
    assert said == ["utter_id_number_invalid"]


async def test_the_phone_sends_a_code_and_echoes_it_masked(domain, api):
    tracker = conversation("inform", ZHANG_PHONE, {"phone": ZHANG_PHONE}, slots={"id_number": ZHANG_ID})
    result, said, dispatcher = await validate("validate_phone", tracker, domain)
    assert result["phone"] == ZHANG_PHONE and said == ["utter_otp_sent"]
    assert dispatcher.messages[0]["phone_masked"] == "138****0001"
    assert len(api.latest_code(ZHANG_PHONE)) == 6


async def test_a_phone_that_does_not_match_the_id_is_refused(domain):
    tracker = conversation("inform", "13900000009", {"phone": "13900000009"}, slots={"id_number": ZHANG_ID})
    result, said, dispatcher = await validate("validate_phone", tracker, domain)
    assert result == {"id_number": None, "phone": None}
    assert said == ["utter_identity_not_found"]
    assert dispatcher.messages[0]["id_masked"] == "3201**********1234"
    assert dispatcher.messages[0]["phone_masked"] == "139****0009"


async def test_wrong_code_then_right_code_binds_the_chat_user(domain, api):
    id_number, phone = DEMO["li_na"]
    slots = {"id_number": id_number, "phone": phone}
    await validate("validate_phone", conversation("inform", phone, {"phone": phone}, slots={"id_number": id_number}),
                   domain)
    code = api.latest_code(phone)
    wrong = "000000" if code != "000000" else "111111"
    tracker = conversation("inform", wrong, {"otp": wrong}, slots=slots)
    result, said, dispatcher = await validate("validate_otp", tracker, domain)
    assert result == {"otp": None} and said == ["utter_otp_wrong"]
    assert dispatcher.messages[0]["attempts_left"] == 2
    tracker = conversation("inform", code, {"otp": code}, slots=slots, sender=tracker.sender_id)
    result, said, dispatcher = await validate("validate_otp", tracker, domain)
    assert result["identity_verified"] is True and said == ["utter_identity_verified"]
    assert result["id_number"] == "3205**********2343" and result["phone"] == "138****0002"
    assert dispatcher.messages[0]["id_masked"] == "3205**********2343"
    assert api.get("/v1/auth/session", chat_user=tracker.sender_id)["bound"] is True


async def test_lockout_is_explained_and_a_person_takes_over(domain, api):
    id_number, phone = api.generated_citizen(1)
    slots = {"id_number": id_number, "phone": phone}
    await validate("validate_phone", conversation("inform", phone, {"phone": phone}, slots={"id_number": id_number}),
                   domain)
    wrong = "000000" if api.latest_code(phone) != "000000" else "111111"
    said = []
    for _ in range(3):  # GOVAPI_OTP_MAX_ATTEMPTS=3 in this sandbox
        result, said, _ = await validate("validate_otp", conversation("inform", wrong, {"otp": wrong}, slots=slots),
                                         domain)
    assert said == ["utter_identity_locked"]
    assert result["identity_status"] == "locked"
    locked = [v for v in domain["responses"]["utter_identity_locked"]]
    assert all("12345" in v["text"] for v in locked)


async def test_the_form_stops_asking_once_locked_or_verified(domain):
    form = ValidateVerifyIdentityForm()
    for status in ("locked", "verified", "unavailable"):
        slots = await form.required_slots([], CollectingDispatcher(),
                                          conversation("inform", slots={"identity_status": status}), domain)
        assert slots == []
    assert await form.required_slots([], CollectingDispatcher(), conversation("inform"), domain) == [
        "id_number", "phone", "otp"]


async def test_platform_down_while_sending_the_code(domain, monkeypatch):
    monkeypatch.setenv("GOVAPI_URL", "http://127.0.0.1:9")
    tracker = conversation("inform", ZHANG_PHONE, {"phone": ZHANG_PHONE}, slots={"id_number": ZHANG_ID})
    result, said, _ = await validate("validate_phone", tracker, domain)
    assert said == ["utter_govapi_unavailable"] and result["identity_status"] == "unavailable"


async def test_slots_emptied_by_an_action_are_not_complained_about(domain):
    dispatcher = CollectingDispatcher()
    form = ValidateVerifyIdentityForm()
    for slot in ("id_number", "phone", "otp"):
        assert await getattr(form, f"validate_{slot}")(None, dispatcher, conversation("housing_fund_balance"),
                                                       domain) == {slot: None}
    assert dispatcher.messages == []
