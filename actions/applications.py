"""Online applications in the chat: an eligibility question, the details the matter needs, submit.

Matters the catalogue marks online and that govapi accepts through its generic submission
(or the housing fund withdrawal) are offered for submission after their guide; a citizen who
is not eligible is offered an appointment at a service hall with the checklist already shown.
"""
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dates import date_from
from actions.divisions import place_from
from actions.govapi_client import GovApiClient, GovApiError
from actions.notifications import offer_buttons
from actions.read_back import ReadBackFormValidationAction
from actions.replies import Conversation, skip_empty

DETAIL_SLOTS = ("application_county", "hukou_reason", "baby_name", "birth_date", "residence_address",
                "withdrawal_amount", "transfer_from")
APPLICATION_SLOTS = ("application_matter", "eligibility_confirmed") + DETAIL_SLOTS
WITHDRAWAL_REASONS = {"housing_fund_withdrawal_rent": "rent", "housing_fund_withdrawal_purchase": "purchase",
                      "housing_fund_withdrawal_retirement": "retirement"}
AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")


@dataclass(frozen=True)
class Application:
    """The chat slots a matter needs, and the govapi detail field each one fills."""
    fields: tuple[tuple[str, str], ...]


APPLICATIONS: dict[str, Application] = {
    "hukou_transfer": Application((("application_county", "to_county_code"), ("hukou_reason", "reason"))),
    "newborn_registration": Application((("baby_name", "baby_name"), ("birth_date", "birth_date"))),
    "id_card_renewal": Application((("application_county", "collect_county_code"),)),
    "id_card_replacement": Application((("application_county", "collect_county_code"),)),
    "residence_permit": Application((("application_county", "county_code"), ("residence_address", "address"))),
    "residence_permit_endorsement": Application(()),
    "medical_resident_enrollment": Application(()),
    "ss_transfer": Application((("transfer_from", "from_region"),)),
    **{code: Application((("withdrawal_amount", "amount"),)) for code in WITHDRAWAL_REASONS},
}


def can_apply_in_chat(matter: dict[str, Any]) -> bool:
    return bool(matter.get("online")) and matter.get("code") in APPLICATIONS


def applying_for(tracker: Tracker) -> str | None:
    """The matter of an "apply here" button in the latest message."""
    for choice in tracker.get_latest_entity_values("choice"):
        code = str(choice)[len("apply:"):] if str(choice).startswith("apply:") else None
        if code in APPLICATIONS:
            return code
    return None


def _plain(value: Any, limit: int) -> str | None:
    text = str(value or "").strip()
    return text[:limit] if text and not text.startswith("/") else None


class ValidateApplicationForm(ReadBackFormValidationAction):
    def name(self) -> str:
        return "validate_application_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        application = APPLICATIONS.get(tracker.get_slot("application_matter"))
        if application is None or tracker.get_slot("eligibility_confirmed") is False:
            return []
        return ["eligibility_confirmed"] + [slot for slot, _ in application.fields]

    @skip_empty
    async def validate_eligibility_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                             domain: DomainDict) -> dict[str, Any]:
        return {"eligibility_confirmed": bool(value)}

    @skip_empty
    async def validate_application_county(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        place = place_from(tracker)
        if place is None:
            dispatcher.utter_message(response="utter_place_unknown")
        return {"application_county": place}

    @skip_empty
    async def validate_hukou_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        return {"hukou_reason": _plain(value, 200)}

    @skip_empty
    async def validate_baby_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return {"baby_name": _plain(value, 40)}

    @skip_empty
    async def validate_birth_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        day = date_from(tracker)
        if day is None or not dt.date.today() - dt.timedelta(days=366) <= day <= dt.date.today():
            dispatcher.utter_message(response="utter_birth_date_invalid")
            return {"birth_date": None}
        return {"birth_date": day.isoformat()}

    @skip_empty
    async def validate_residence_address(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict[str, Any]:
        return {"residence_address": _plain(value, 200)}

    @skip_empty
    async def validate_transfer_from(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return {"transfer_from": _plain(value, 100)}

    @skip_empty
    async def validate_withdrawal_amount(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict[str, Any]:
        found = AMOUNT.search(str(value).replace(",", ""))
        if not found or float(found.group(0)) <= 0:
            dispatcher.utter_message(response="utter_amount_invalid")
            return {"withdrawal_amount": None}
        return {"withdrawal_amount": found.group(0)}


class ActionAskEligibilityConfirmed(Action):
    """The eligibility question of the matter being applied for, with yes/no buttons."""

    def name(self) -> str:
        return "action_ask_eligibility_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response=f"utter_eligibility_{tracker.get_slot('application_matter')}")
        return []


class ActionAskWithdrawalAmount(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_ask_withdrawal_amount"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        try:
            account = self.govapi.get("/v1/me/housing-fund", chat_user=tracker.sender_id, months=1)["account"]
            balance = talk.amount(account.get("balance"))
        except GovApiError:
            balance = "-"
        dispatcher.utter_message(response="utter_ask_withdrawal_amount", balance=balance)
        return []


class ActionSubmitApplication(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_submit_application"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        code = tracker.get_slot("application_matter")
        if code in APPLICATIONS and tracker.get_slot("eligibility_confirmed") is False:
            talk.say("utter_application_not_eligible")
        elif code in APPLICATIONS:
            self._submit(talk, code)
        return [{"event": "slot", "timestamp": None, "name": name, "value": None} for name in APPLICATION_SLOTS]

    def _submit(self, talk: Conversation, code: str) -> None:
        details = {field: talk.tracker.get_slot(slot) for slot, field in APPLICATIONS[code].fields}
        try:
            if code == "ss_transfer":
                receipt = self.govapi.post("/v1/me/social-security/transfers", details, chat_user=talk.chat_user)
            elif code in WITHDRAWAL_REASONS:
                receipt = self.govapi.post("/v1/me/housing-fund/withdrawals", {
                    "reason": WITHDRAWAL_REASONS[code], "amount": float(details["amount"])}, chat_user=talk.chat_user)
            else:
                receipt = self.govapi.post("/v1/me/applications", {"matter_code": code, "details": details},
                                           chat_user=talk.chat_user)
            matter = self.govapi.get(f"/v1/matters/{code}")["matter"]
        except GovApiError as error:
            talk.explain(error)
            return
        talk.say("utter_application_submitted", buttons=offer_buttons(talk),
                 matter=talk.pick(matter.get("name_zh"), matter.get("name_en")),
                 case_number=receipt.get("case_number", ""), days=matter.get("time_limit_days", 0),
                 working_days=talk.working_days(matter.get("time_limit_days", 0)))
