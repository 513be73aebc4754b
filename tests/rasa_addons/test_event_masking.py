"""Every Rasa event that carries text keeps its shape and loses its personal data."""
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    EntitiesAdded,
    ReminderScheduled,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from rasa_addons.event_masking import mask_event, masked_events

ID_NUMBER, PHONE, CODE = "320102198503121234", "13800000001", "482913"
RAW = (ID_NUMBER, PHONE, CODE, "王小明")


def _has_raw(value) -> bool:
    return any(raw in str(value) for raw in RAW)


def test_a_user_message_is_masked_in_its_text_parse_data_and_metadata():
    text = f"我叫王小明，身份证{ID_NUMBER}，手机{PHONE}，验证码{CODE}"
    event = UserUttered(text, intent={"name": "inform", "confidence": 0.9}, entities=[
        {"entity": "id_number", "value": ID_NUMBER, "start": 9, "end": 27},
        {"entity": "phone", "value": PHONE}, {"entity": "otp", "value": CODE},
        {"entity": "city", "value": "320500"}],
        parse_data={"text": text, "intent": {"name": "inform", "confidence": 0.9}},
        metadata={"channel": "web", "note": f"from {PHONE}"}).as_dict()
    masked = mask_event(event)
    assert not _has_raw(masked)
    assert masked["text"] == "我叫**，身份证3201**********1234，手机138****0001，验证码******"
    assert masked["parse_data"]["text"] == masked["text"]
    assert masked["parse_data"]["intent"]["name"] == "inform"
    values = {e["entity"]: e["value"] for e in masked["parse_data"]["entities"]}
    assert values == {"id_number": "3201**********1234", "phone": "138****0001", "otp": "******",
                      "city": "320500"}
    assert masked["metadata"] == {"channel": "web", "note": "from 138****0001"}
    assert masked["event"] == event["event"] and masked["timestamp"] == event["timestamp"]


def test_a_bot_message_is_masked_in_text_buttons_and_custom_data_but_stays_replayable():
    event = BotUttered(f"验证码已发到{PHONE}", data={
        "buttons": [{"title": ID_NUMBER, "payload": '/inform{"place":"320583"}'}],
        "custom": {"note": f"{PHONE} 210000"}}, metadata={"utter_action": "utter_otp_sent"}).as_dict()
    masked = mask_event(event)
    assert not _has_raw(masked)
    assert masked["text"] == "验证码已发到138****0001"
    assert masked["data"]["buttons"][0]["payload"] == '/inform{"place":"320583"}'
    assert masked["data"]["custom"] == {"note": "138****0001 210000"}
    assert masked["metadata"] == {"utter_action": "utter_otp_sent"}


def test_personal_slots_are_masked_whatever_they_hold():
    for name, raw, expected in (("id_number", ID_NUMBER, "3201**********1234"), ("phone", PHONE, "138****0001"),
                                ("otp", CODE, "******")):
        assert mask_event(SlotSet(name, raw).as_dict())["value"] == expected


def test_a_slot_filled_from_the_text_is_masked_like_the_text():
    typed = f"楼下噪音，回电{PHONE} 验证码{CODE}"
    events = [UserUttered(typed).as_dict(), SlotSet("complaint_text", typed).as_dict()]
    assert list(masked_events(events))[1]["value"] == "楼下噪音，回电138****0001 验证码******"


def test_values_the_dialogue_computed_keep_their_six_digits():
    events = [UserUttered("在昆山").as_dict(), SlotSet("place", "320583").as_dict(),
              SlotSet("withdrawal_amount", "100000").as_dict(), SlotSet("appointment_date", "2026-12-05").as_dict()]
    assert [event["value"] for event in list(masked_events(events))[1:]] == ["320583", "100000", "2026-12-05"]


def test_a_computed_value_that_carries_an_id_number_is_still_masked():
    assert mask_event(SlotSet("note", f"ID {ID_NUMBER}").as_dict())["value"] == "ID 3201**********1234"


def test_events_without_text_are_left_as_they_are():
    for event in (ActionExecuted("action_listen").as_dict(), SlotSet("identity_verified", True).as_dict()):
        assert mask_event(event) == event


def test_entities_session_metadata_reminders_and_action_text_are_masked():
    for event in (EntitiesAdded([{"entity": "phone", "value": PHONE}]).as_dict(),
                  SessionStarted(metadata={"phone": PHONE}).as_dict(),
                  ReminderScheduled("remind", trigger_date_time=__import__("datetime").datetime(2026, 12, 1),
                                    entities=[{"entity": "id_number", "value": ID_NUMBER}]).as_dict(),
                  ActionExecuted(action_text=f"code {CODE}").as_dict()):
        assert not _has_raw(mask_event(event)), event


def test_masking_never_drops_or_adds_events():
    events = [UserUttered(PHONE).as_dict(), SlotSet("phone", PHONE).as_dict(), ActionExecuted("x").as_dict()]
    assert [e["event"] for e in masked_events(events)] == ["user", "slot", "action"]
