"""Online applications in the chat: guide -> "apply here" -> eligibility -> details -> case number."""
import datetime as dt

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.applications import (
    ActionAskEligibilityConfirmed,
    ActionAskWithdrawalAmount,
    ActionSubmitApplication,
    ValidateApplicationForm,
)
from actions.routing import ActionRouteRequest
from tests.actions.conftest import conversation, new_sender, slot_values, texts


def run(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, domain)
    return slot_values(events), texts(dispatcher), dispatcher.messages


@pytest.fixture
def li_na(api):
    sender = new_sender()
    api.bind(sender, "li_na")
    return sender


def test_the_guide_offers_to_apply_here_with_the_matter_in_the_button(domain):
    _, said, messages = run(ActionRouteRequest(), conversation("hukou_transfer", "户口迁到苏州要什么条件"), domain)
    assert said[0] == "utter_matter_guide"
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert payloads[0] == '/hukou_transfer{"choice":"apply:hukou_transfer"}'
    assert "{" not in messages[1]["text"] and "/book_appointment" in payloads


def test_apply_here_verifies_first_then_starts_the_form(domain, li_na):
    unverified = conversation("residence_permit", '/residence_permit{"choice":"apply:residence_permit"}',
                              {"choice": "apply:residence_permit"})
    slots, said, _ = run(ActionRouteRequest(), unverified, domain)
    assert slots["next_step"] == "verify_identity_form" and slots["application_matter"] == "residence_permit"
    resumed = conversation("inform", "123456", slots={"identity_verified": True, "request": "residence_permit",
                                                      "application_matter": "residence_permit"},
                           sender=li_na, latest_action="verify_identity_form")
    slots, said, _ = run(ActionRouteRequest(), resumed, domain)
    assert slots["next_step"] == "application_form" and said == []


async def test_required_details_follow_the_matter(domain):
    form = ValidateApplicationForm()

    async def required(**slots):
        return await form.required_slots([], CollectingDispatcher(), conversation("inform", slots=slots), domain)

    assert await required(application_matter="residence_permit") == [
        "eligibility_confirmed", "application_county", "residence_address"]
    assert await required(application_matter="newborn_registration") == [
        "eligibility_confirmed", "baby_name", "birth_date"]
    assert await required(application_matter="hukou_transfer", eligibility_confirmed=False) == []


async def test_detail_validators(domain):
    form = ValidateApplicationForm()
    dispatcher = CollectingDispatcher()
    kunshan = conversation("inform", "昆山", {"county": "320583"})
    assert await form.validate_application_county("昆山", dispatcher, kunshan, domain) == {
        "application_county": "320583"}
    assert await form.validate_withdrawal_amount("提取3,000元", dispatcher, conversation("inform", "提取3,000元"),
                                                 domain) == {"withdrawal_amount": "3000"}
    old = (dt.date.today() - dt.timedelta(days=800)).isoformat()
    assert await form.validate_birth_date(old, dispatcher, conversation("inform", old), domain) == {"birth_date": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_birth_date_invalid"]


def test_the_eligibility_question_is_the_matters_own(domain):
    tracker = conversation("affirm", slots={"application_matter": "id_card_renewal"})
    _, said, _ = run(ActionAskEligibilityConfirmed(), tracker, domain)
    assert said == ["utter_eligibility_id_card_renewal"]
    assert all(len(v["buttons"]) == 2 for v in domain["responses"]["utter_eligibility_id_card_renewal"])


def test_residence_permit_is_submitted_with_a_case_number(domain, li_na, api):
    tracker = conversation("inform", "前进中路218号", sender=li_na, slots={
        "identity_verified": True, "application_matter": "residence_permit", "eligibility_confirmed": True,
        "application_county": "320583", "residence_address": "昆山市前进中路218号"})
    slots, said, messages = run(ActionSubmitApplication(), tracker, domain)
    assert said == ["utter_application_submitted"] and messages[0]["case_number"].startswith("JS")
    assert all(value is None for value in slots.values())
    cases = api.get("/v1/me/applications", chat_user=li_na)["applications"]
    assert messages[0]["case_number"] in [c["case_number"] for c in cases]


def test_housing_fund_withdrawal_for_rent(domain, api):
    sender = new_sender()
    api.bind(sender, "zhang_wei")
    _, said, messages = run(ActionAskWithdrawalAmount(), conversation("inform", sender=sender), domain)
    assert said == ["utter_ask_withdrawal_amount"] and messages[0]["balance"] != "-"
    tracker = conversation("inform", "3000", sender=sender, slots={
        "identity_verified": True, "application_matter": "housing_fund_withdrawal_rent",
        "eligibility_confirmed": True, "withdrawal_amount": "3000"})
    _, said, messages = run(ActionSubmitApplication(), tracker, domain)
    assert said == ["utter_application_submitted"] and messages[0]["case_number"].startswith("JS")


def test_not_eligible_is_offered_a_hall_visit(domain):
    tracker = conversation("deny", slots={"application_matter": "hukou_transfer", "eligibility_confirmed": False})
    _, said, _ = run(ActionSubmitApplication(), tracker, domain)
    assert said == ["utter_application_not_eligible"]


def test_social_insurance_transfer_is_submitted(domain, api):
    sender = new_sender()
    api.bind(sender, "chen_ming")
    tracker = conversation("inform", "上海", sender=sender, slots={
        "identity_verified": True, "application_matter": "ss_transfer", "eligibility_confirmed": True,
        "transfer_from": "上海"})
    _, said, messages = run(ActionSubmitApplication(), tracker, domain)
    assert said == ["utter_application_submitted"] and messages[0]["case_number"].startswith("JS")


def test_resident_medical_enrolment_is_offered_in_the_chat(domain):
    _, said, messages = run(ActionRouteRequest(), conversation("medical_insurance_enrollment", "城乡居民医保怎么交"),
                            domain)
    assert said[0] == "utter_matter_guide"
    assert messages[1]["buttons"][0]["payload"].endswith('"apply:medical_resident_enrollment"}')
