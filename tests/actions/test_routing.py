"""action_route_request against a live govapi: every service intent is completed, guided, or
sent to the form that collects what is missing."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.routing import ActionRouteRequest
from tests.actions.conftest import conversation, new_sender, slot_values, texts


def route(domain, tracker):
    dispatcher = CollectingDispatcher()
    events = ActionRouteRequest().run(dispatcher, tracker, domain)
    return slot_values(events), texts(dispatcher), dispatcher.messages


@pytest.fixture
def zhang(api):
    sender = new_sender()
    api.bind(sender, "zhang_wei")
    return sender


def verified(intent, sender, text="", entities=None, **slots):
    return conversation(intent, text, entities, slots={"identity_verified": True, **slots}, sender=sender)


def test_personal_request_without_verification_starts_the_identity_form(domain):
    slots, said, _ = route(domain, conversation("housing_fund_balance", "公积金余额多少"))
    assert slots["next_step"] == "verify_identity_form" and slots["request"] == "housing_fund_balance"
    assert said == ["utter_identity_needed"]


def test_an_id_number_in_the_request_is_exchanged_for_a_handle_for_the_form(domain):
    slots, _, _ = route(domain, conversation("verify_identity", "我要实名认证 320102198503121234",
                                             {"id_number": "320102198503121234"}))
    assert slots["id_number"] == "3201**********1234" and slots["verification_handle"].startswith("vh_")
    assert slots["next_step"] == "verify_identity_form"
    assert "320102198503121234" not in str(slots)


def test_after_the_identity_form_the_original_request_is_answered(domain, zhang):
    tracker = conversation("inform", "123456", slots={"identity_verified": True, "request": "housing_fund_balance"},
                           sender=zhang, latest_action="verify_identity_form")
    slots, said, messages = route(domain, tracker)
    assert said == ["utter_housing_fund_balance"] and slots["next_step"] == "done"
    assert messages[0]["balance"] and messages[0]["account"].startswith("*")


def test_a_verification_lockout_hands_the_request_to_a_person(domain):
    tracker = conversation("inform", "000000", slots={"identity_status": "locked", "request": "pension_payment"},
                           latest_action="verify_identity_form")
    slots, said, _ = route(domain, tracker)
    assert slots["next_step"] == "handoff" and slots["handoff_reason"] == "lockout"
    assert said == [] and slots["identity_verified"] is False
    assert slots["request"] == "pension_payment"  # the team is chosen by it


def test_a_verification_that_failed_otherwise_ends_the_request(domain):
    tracker = conversation("inform", "000000", slots={"identity_status": "unavailable", "request": "pension_payment"},
                           latest_action="verify_identity_form")
    slots, said, _ = route(domain, tracker)
    assert slots["next_step"] == "done" and said == [] and slots["identity_verified"] is False


@pytest.mark.parametrize("intent, response", [
    ("social_security_contributions", "utter_contributions"),
    ("medical_insurance_balance", "utter_medical_balance"),
    ("housing_fund_balance", "utter_housing_fund_balance"),
    ("social_security_card", "utter_card_active"),
    ("verify_identity", "utter_identity_already"),
])
def test_verified_queries_complete_in_the_chat(domain, zhang, intent, response):
    slots, said, _ = route(domain, verified(intent, zhang))
    assert said[0] == response and slots["next_step"] == "done"


def test_contributions_show_the_last_twelve_months_in_english(domain, zhang):
    _, _, messages = route(domain, verified("social_security_contributions", zhang, language="en"))
    months = messages[0]["months"].splitlines()
    assert len(months) == 12 and all("base ¥" in line for line in months)
    assert messages[0]["years"] >= 18


def test_pension_of_a_retired_citizen(domain, api):
    sender = new_sender()
    api.bind(sender, "wang_fang")
    _, said, messages = route(domain, verified("pension_payment", sender))
    assert said[0] == "utter_pension" and "元" in messages[0]["payments"]


def test_unemployment_benefit_eligibility_then_claim(domain, api):
    sender = new_sender()
    api.bind(sender, "chen_ming")
    _, said, _ = route(domain, verified("unemployment_benefit", sender))
    assert said == ["utter_unemployment_eligible"]
    _, said, messages = route(domain, verified("unemployment_benefit", sender, "/unemployment_benefit",
                                               {"choice": "apply"}))
    assert said == ["utter_unemployment_applied"] and messages[0]["case_number"].startswith("JS")
    _, said, _ = route(domain, verified("unemployment_benefit", sender))
    assert said == ["utter_unemployment_not_eligible"]


def test_lost_card_replacement_for_li_na(domain, api):
    sender = new_sender()
    api.bind(sender, "li_na")
    _, said, _ = route(domain, verified("social_security_card", sender))
    assert said == ["utter_card_lost"]
    _, said, messages = route(domain, verified("social_security_card", sender, "/social_security_card",
                                               {"choice": "replacement"}))
    assert said == ["utter_card_replacement_done"] and messages[0]["case_number"].startswith("JS")


def test_application_status_by_case_number_for_li_na(domain, api):
    sender = new_sender()
    api.bind(sender, "li_na")
    case = api.get("/v1/me/applications", chat_user=sender)["applications"][-1]["case_number"]
    in_review = [a for a in api.get("/v1/me/applications", chat_user=sender)["applications"]
                 if a["status"] == "in_review"][0]["case_number"]
    slots, said, messages = route(domain, verified("application_status", sender, f"{in_review} 进度",
                                                   {"case_number": in_review}))
    assert said == ["utter_application_status"] and messages[0]["status"] == "审核中"
    _, said, messages = route(domain, verified("application_status", sender, "my applications", language="en"))
    assert said == ["utter_application_list"] and case in messages[0]["items"]
    assert "under review" in messages[0]["items"]


def test_someone_elses_case_is_not_shown(domain, zhang, api):
    other = new_sender()
    api.bind(other, "li_na")
    case = api.get("/v1/me/applications", chat_user=other)["applications"][0]["case_number"]
    _, said, _ = route(domain, verified("application_status", zhang, case, {"case_number": case}))
    assert said == ["utter_case_not_found"]


def test_a_case_number_alone_asks_for_its_status(domain):
    slots, said, _ = route(domain, conversation("inform", "JS20261119000001", {"case_number": "JS20261119000001"}))
    assert slots["request"] == "application_status" and slots["next_step"] == "verify_identity_form"


def test_service_hall_by_county_and_by_city(domain):
    _, said, messages = route(domain, conversation("find_service_hall", "昆山政务服务中心在哪", {"county": "320583"}))
    assert said == ["utter_hall"] and "昆山" in messages[0]["name"]
    _, said, messages = route(domain, conversation("find_service_hall", "service centre in Suzhou",
                                                   {"city": "320500"}, slots={"language": "en"}))
    assert said == ["utter_hall"] and "Suzhou" in messages[0]["name"]


def test_missing_place_starts_the_place_form_and_is_answered_after_it(domain):
    slots, said, _ = route(domain, conversation("app_migration", "县里的政务APP停了，去哪办"))
    assert slots["next_step"] == "place_form" and said == []
    tracker = conversation("inform", "昆山", {"county": "320583"},
                           slots={"request": "app_migration", "place": "320583"}, latest_action="place_form")
    slots, said, messages = route(domain, tracker)
    assert said == ["utter_app_migration"] and "sfb.jiangsu.gov.cn/m/" in messages[0]["functions"]


@pytest.mark.parametrize("intent, text", [
    ("hukou_transfer", "户口迁到苏州要什么条件"), ("newborn_registration", "宝宝出生了怎么上户口"),
    ("social_security_transfer", "社保从上海转到南京"), ("medical_reimbursement", "看病的钱怎么报销"),
    ("medical_insurance_enrollment", "城乡居民医保怎么交"),
])
def test_matters_are_guided_from_the_catalogue(domain, intent, text):
    slots, said, messages = route(domain, conversation(intent, text))
    assert said[0] == "utter_matter_guide" and slots["next_step"] == "done"
    assert "身份证" in messages[0]["materials"] or "证明" in messages[0]["materials"]


@pytest.mark.parametrize("intent", ["id_card", "residence_permit", "housing_fund_withdrawal", "business_registration"])
def test_intents_with_several_matters_offer_buttons_then_guide(domain, intent):
    _, said, messages = route(domain, conversation(intent, ""))
    assert said == ["utter_matter_choose"] and len(messages[0]["buttons"]) >= 2
    payload = messages[0]["buttons"][0]["payload"]
    choice = payload.split('"choice":"')[1].split('"')[0]
    _, said, _ = route(domain, conversation(intent, payload, {"choice": choice}))
    assert said[0] == "utter_matter_guide"


def test_service_guide_finds_the_matter_in_free_text(domain):
    _, said, messages = route(domain, conversation("service_guide", "办结婚登记要带什么"))
    assert said == ["utter_matter_guide", "utter_offer_booking"] and messages[0]["name"] == "结婚登记"
    _, said, messages = route(domain, conversation("service_guide", "what documents do I need for a passport",
                                                   slots={"language": "en"}))
    assert said[0] == "utter_matter_guide" and "passport" in messages[0]["name"].lower()


def test_complaint_and_booking_and_filing_start_their_forms(domain, zhang):
    assert route(domain, conversation("complaint", "我要投诉小区噪音"))[0]["next_step"] == "complaint_form"
    assert route(domain, verified("medical_remote_filing", zhang))[0]["next_step"] == "remote_filing_form"
    slots, _, _ = route(domain, verified("book_appointment", zhang, "预约去昆山", {"county": "320583"}))
    assert slots["next_step"] == "appointment_form" and slots["appointment_place"] == "320583"


def test_an_expired_binding_asks_for_verification_again(domain):
    tracker = conversation("housing_fund_balance", slots={"identity_verified": True})
    slots, said, _ = route(domain, tracker)
    assert said == ["utter_identity_expired"] and slots["next_step"] == "verify_identity_form"


def test_platform_down_gets_an_apology_quickly(domain, monkeypatch, zhang):
    import time
    monkeypatch.setenv("GOVAPI_URL", "http://127.0.0.1:9")
    started = time.monotonic()
    slots, said, _ = route(domain, verified("housing_fund_balance", zhang))
    assert said == ["utter_govapi_unavailable"] and slots["next_step"] == "done"
    assert time.monotonic() - started < 5


def test_platform_that_hangs_gets_an_apology_within_five_seconds(domain, monkeypatch, zhang):
    import socket
    import time
    with socket.socket() as silent:
        # accepts connections (the kernel backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        monkeypatch.setenv("GOVAPI_URL", f"http://127.0.0.1:{silent.getsockname()[1]}")
        started = time.monotonic()
        slots, said, _ = route(domain, verified("housing_fund_balance", zhang))
        elapsed = time.monotonic() - started
    assert said == ["utter_govapi_unavailable"] and slots["next_step"] == "done"
    assert elapsed < 5


def test_a_question_inside_a_form_is_answered_without_touching_its_slots(domain):
    from actions.digressions import ActionAnswerQuestion
    for intent, text, entities, response in [
        ("service_guide", "办结婚登记要带什么", {}, "utter_matter_guide"),
        ("find_service_hall", "昆山政务服务中心在哪", {"county": "320583"}, "utter_hall"),
        ("find_service_hall", "政务大厅在哪", {}, "utter_ask_place"),
    ]:
        tracker = conversation(intent, text, entities, slots={"id_number": "320102198503121234"},
                               active_loop="verify_identity_form")
        dispatcher = CollectingDispatcher()
        events = ActionAnswerQuestion().run(dispatcher, tracker, domain)
        assert events == [] and texts(dispatcher)[0] == response
