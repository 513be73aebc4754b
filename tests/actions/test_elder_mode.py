"""Elder mode (长辈模式) in the domain and the action server: every response has its elder variations,
variation_for picks them, amounts and dates are written plainly, form values are read back, and a
verified senior is offered the mode once."""
import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import plain_words
from actions.elder_mode import ActionElderMode, wants_on
from actions.govapi_client import GovApiClient
from actions.identity import HANDLE_SLOT, ValidateVerifyIdentityForm
from actions.medical import ValidateRemoteFilingForm
from actions.read_back import CONFIRM_SLOT, READ_BACK_SLOT, SHOWN_SLOT
from actions.replies import Conversation, responses, variation_for
from tests.actions.conftest import DEMO, conversation, new_sender, slot_values, texts
from tools.stack import ROOT

PLACEHOLDER = re.compile(r"{(\w+)}")
LINK = re.compile(r"{\w*link}")      # {link}, {unified_link}: web addresses
DOMAIN_FILES = sorted((ROOT / "domain").glob("*.yml"))


def _conditions(variation):
    return {c["name"]: c["value"] for c in variation.get("condition") or []}


def _placeholders(variation) -> set:
    return set(PLACEHOLDER.findall(variation.get("text", "") + str(variation.get("buttons", ""))))


def _problems(name, variations):
    """What is wrong with one response's elder variations (empty: nothing)."""
    problems = []
    groups = {"en": ({"language": "en", "elder_mode": False}, {"language": "en", "elder_mode": True}),
              "zh": ({}, {"language": "zh", "elder_mode": True})}
    for language, (plain_conditions, elder_conditions) in groups.items():
        plain = [v for v in variations if _conditions(v) == plain_conditions]
        elder = [v for v in variations if _conditions(v) == elder_conditions]
        if len(plain) != 1 or len(elder) != 1:
            problems.append(f"{name} {language}: needs exactly one plain and one elder variation")
            continue
        plain, elder = plain[0], elder[0]
        if _placeholders(plain) - {"link"} != _placeholders(elder) - {"link"}:
            problems.append(f"{name} {language}: placeholders differ")
        if LINK.search(elder.get("text", "")):
            problems.append(f"{name} {language}: a raw link in the text")
        kept = sorted(b["payload"] for b in elder.get("buttons") or [] if not LINK.fullmatch(b["payload"]))
        if sorted(b["payload"] for b in plain.get("buttons") or []) != kept:
            problems.append(f"{name} {language}: buttons must keep the plain variation's payloads")
        if elder.get("text", "").count("？") + elder.get("text", "").count("?") > 1:
            problems.append(f"{name} {language}: more than one question")
    return problems


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda path: Path(path).name)
def test_every_response_has_one_elder_variation_per_language(path):
    found = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
    problems = [problem for name, variations in found.items() for problem in _problems(name, variations)]
    assert problems == []


def test_variation_for_picks_by_language_and_elder_mode():
    offer = responses()["utter_elder_mode_offer"]
    def pick(language, elder):
        return variation_for(offer, {"language": language, "elder_mode": elder})["text"]
    assert pick("zh", False).startswith("要不要切换成长辈模式？字更大")
    assert pick("en", False).startswith("Would you like to switch")
    assert pick("zh", True) == "要不要切换成长辈模式？" and pick("en", True) == "Would you like larger text?"
    for name, variations in responses().items():      # Rasa's rule: the matching conditions, else the default
        for language in ("zh", "en"):
            for elder in (False, True):
                wanted = {"language": language, "elder_mode": elder}
                picked = _conditions(variation_for(variations, wanted))
                assert picked in (wanted, {}), name
                assert picked or not any(_conditions(v) == wanted for v in variations), name


def test_amounts_and_dates_in_plain_words():
    assert plain_words.amount("2350.00", "zh") == "2350" and plain_words.amount(2350, "en") == "2,350"
    assert plain_words.amount("12.50", "zh") == "12.5" and plain_words.amount("n/a", "zh") == "n/a"
    assert plain_words.plain("2026-12-03", "zh") == "12月3日 星期四"
    assert plain_words.plain("2026-12-03", "en") == "Thursday 3 December"
    assert plain_words.plain("2026-11", "zh") == "2026年11月" and plain_words.plain("2026-11", "en") == "November 2026"
    assert plain_words.plain("JS20261203000001", "zh") == "JS20261203000001"


def test_the_action_server_writes_plainly_in_elder_mode_only():
    plain = Conversation(CollectingDispatcher(), conversation("inform", slots={"elder_mode": True}), {},
                         GovApiClient.from_env())
    ordinary = Conversation(CollectingDispatcher(), conversation("inform"), {}, GovApiClient.from_env())
    assert plain.amount("2350.00") == "2350" and ordinary.amount("2350.00") == "2,350.00"
    plain.say("utter_slot_full", date="2026-12-03", hall="鼓楼区政务服务中心")
    ordinary.say("utter_slot_full", date="2026-12-03", hall="鼓楼区政务服务中心")
    assert plain.dispatcher.messages[0]["date"] == "12月3日 星期四"
    assert ordinary.dispatcher.messages[0]["date"] == "2026-12-03"


def test_links_inside_lines_become_buttons_of_the_message_in_elder_mode_only():
    functions = [{"function": "社保查询", "matter": "社保缴费查询", "link": "https://jszwfw.example/ss"},
                 {"function": "公积金", "matter": "公积金余额", "link": "https://jszwfw.example/gjj"}]
    values = {"app": "昆山通", "county": "昆山市", "shut_down_on": "2025-06-30", "unified_link": "https://jszwfw.example"}
    elder = Conversation(CollectingDispatcher(), conversation("inform", slots={"elder_mode": True}), {},
                         GovApiClient.from_env())
    elder.say("utter_app_migration", functions=elder.lines("utter_line_app_function", functions), **values)
    message = elder.dispatcher.messages[0]
    assert "https://" not in message["functions"]
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("打开：社保查询", "https://jszwfw.example/ss"), ("打开：公积金", "https://jszwfw.example/gjj")]
    rendered = responses()["utter_app_migration"][-1]
    assert "{unified_link}" not in rendered["text"] and rendered["buttons"][0]["payload"] == "{unified_link}"
    elder.say("utter_slot_full", date="2026-12-03", hall="鼓楼区政务服务中心")
    assert elder.dispatcher.messages[1]["buttons"] == [], "a line's buttons go with one message only"
    ordinary = Conversation(CollectingDispatcher(), conversation("inform"), {}, GovApiClient.from_env())
    ordinary.say("utter_app_migration", functions=ordinary.lines("utter_line_app_function", functions), **values)
    assert "https://jszwfw.example/ss" in ordinary.dispatcher.messages[0]["functions"]
    assert ordinary.dispatcher.messages[0]["buttons"] == []


@pytest.mark.parametrize("text,switch,on", [("长辈模式", None, True), ("我眼睛不好", None, True),
                                            ("bigger text please", None, True), ("关闭长辈模式", None, False),
                                            ("恢復普通模式", None, False), ("normal mode", None, False),
                                            ("/elder_mode", "on", True), ("/elder_mode", "off", False)])
def test_the_switch_says_on_or_off(domain, text, switch, on):
    assert wants_on(switch, text) is on
    dispatcher = CollectingDispatcher()
    tracker = conversation("elder_mode", text, {"elder_switch": switch} if switch else None)
    events = ActionElderMode().run(dispatcher, tracker, domain)
    assert slot_values(events) == {"elder_mode": on}
    assert texts(dispatcher) == ["utter_elder_mode_on" if on else "utter_elder_mode_off"]
    custom = [v["custom"] for v in domain["responses"][texts(dispatcher)[0]]]
    assert custom == [{"elder_mode": on}] * 4     # the gateway learns the mode from it


def _filing(text, entities=None, **slots):
    return conversation("inform", text, entities, active_loop="remote_filing_form",
                        slots={"requested_slot": "destination", **slots})


async def _run_form(form, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, tracker, domain)
    return slot_values(events), texts(dispatcher)


async def test_a_filled_slot_is_read_back_in_elder_mode_only(domain):
    form = ValidateRemoteFilingForm()
    ordinary, _ = await _run_form(form, _filing("苏州", {"city": "320500"}, destination="苏州"), domain)
    assert ordinary == {"destination": "苏州市"}
    tracker = _filing("苏州", {"city": "320500"}, destination="苏州", elder_mode=True)
    elder, said = await _run_form(form, tracker, domain)
    assert elder == {"destination": "苏州市", READ_BACK_SLOT: "destination", SHOWN_SLOT: "苏州市", CONFIRM_SLOT: None,
                     "requested_slot": CONFIRM_SLOT}
    assert said == []      # the form asks utter_ask_elder_value_confirmed: "您说的是：{elder_readback_value}，对吗？"
    assert "{elder_readback_value}" in domain["responses"]["utter_ask_elder_value_confirmed"][-1]["text"]


async def test_yes_goes_on_and_no_asks_the_same_question_again(domain):
    form = ValidateRemoteFilingForm()
    waiting = {"destination": "苏州市", READ_BACK_SLOT: "destination", SHOWN_SLOT: "苏州市", "elder_mode": True,
               "requested_slot": CONFIRM_SLOT}
    yes, said = await _run_form(form, conversation("affirm", "对", slots=waiting, active_loop="remote_filing_form"),
                                domain)
    assert yes == {READ_BACK_SLOT: None, SHOWN_SLOT: None, CONFIRM_SLOT: True} and said == []
    no, said = await _run_form(form, conversation("deny", "不对", slots=waiting, active_loop="remote_filing_form"),
                               domain)
    assert no == {READ_BACK_SLOT: None, SHOWN_SLOT: None, CONFIRM_SLOT: False, "destination": None}
    assert said == ["utter_elder_value_again"]
    other, _ = await _run_form(form, conversation("greet", "你好", slots=waiting, active_loop="remote_filing_form"),
                               domain)
    assert other == {SHOWN_SLOT: "苏州市", "requested_slot": CONFIRM_SLOT}


async def test_an_id_number_is_read_back_masked(domain):
    id_number, _ = DEMO["zhang_wei"]
    tracker = conversation("inform", id_number, {"id_number": id_number}, active_loop="verify_identity_form",
                           slots={"requested_slot": "id_number", "id_number": id_number, "elder_mode": True})
    slots, _ = await _run_form(ValidateVerifyIdentityForm(), tracker, domain)
    assert slots[SHOWN_SLOT] == "3201**********1234" and slots["requested_slot"] == CONFIRM_SLOT
    assert id_number not in str(slots)


async def _verify(api, citizen, **slots):
    id_number, phone = DEMO[citizen]
    sender = new_sender()
    handle = api.start(sender, id_number)
    api.post("/v1/auth/otp", sender, handle=handle, phone=phone)
    code = api.latest_code(phone)
    tracker = conversation("inform", code, {"otp": code}, sender=sender,
                           slots={"id_number": id_number[:4] + "**********" + id_number[-4:], HANDLE_SLOT: handle,
                                  "phone": phone[:3] + "****" + phone[-4:], **slots})
    dispatcher = CollectingDispatcher()
    result = await ValidateVerifyIdentityForm().validate_otp(code, dispatcher, tracker, domain={})
    return result, texts(dispatcher)


async def test_a_verified_senior_is_offered_elder_mode_once(api):
    result, said = await _verify(api, "wang_fang")          # born 1958
    assert said == ["utter_identity_verified", "utter_elder_mode_offer"] and result["elder_mode_offered"] is True
    again, said = await _verify(api, "wang_fang", elder_mode_offered=True)
    assert said == ["utter_identity_verified"] and "elder_mode_offered" not in again
    on_already, said = await _verify(api, "wang_fang", elder_mode=True)
    assert said == ["utter_identity_verified"]
    younger, said = await _verify(api, "zhang_wei")          # born 1985
    assert said == ["utter_identity_verified"] and "elder_mode_offered" not in younger
    offer = responses()["utter_elder_mode_offer"][1]
    assert offer["text"].startswith("要不要切换成长辈模式？")
    assert [b["title"] for b in offer["buttons"]] == ["好的", "不用了"]
