"""Medical insurance: account balance and the filing for treatment in another city or province."""
import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.dates import date_from
from actions.divisions import division_name, place_from
from actions.govapi_client import GovApiClient, GovApiError
from actions.read_back import ReadBackFormValidationAction
from actions.replies import Conversation, skip_empty, status_text

FILING_REASONS = ("resettled_retiree", "long_term_residence", "work_assignment", "referral", "emergency")
# Words a citizen may type instead of pressing a reason button.
REASON_WORDS = {
    "resettled_retiree": ("退休", "安置", "retire"),
    "long_term_residence": ("长期居住", "居住", "live", "living", "reside"),
    "work_assignment": ("工作", "常驻", "派驻", "work", "job", "posted"),
    "referral": ("转诊", "转院", "refer"),
    "emergency": ("急诊", "急", "emergency", "urgent"),
}
FILING_FORM_SLOTS = ("destination", "filing_reason", "start_date")


def balance(talk: Conversation) -> str:
    answer = talk.govapi.get("/v1/me/medical/account", chat_user=talk.chat_user, limit=5)
    rows = [{"date": t["date"], "place": talk.pick(t.get("place_zh"), t.get("place_en")),
             "amount": talk.amount(t["amount"])} for t in answer.get("transactions", [])]
    talk.say("utter_medical_balance", balance=talk.amount(answer.get("account", {}).get("balance")),
             transactions=talk.lines("utter_line_medical_transaction", rows))
    return "done"


def reason_from(tracker: Tracker) -> str:
    choice = next(tracker.get_latest_entity_values("choice"), None)
    if choice in FILING_REASONS:
        return choice
    text = (tracker.latest_message.get("text") or "").lower()
    return next((reason for reason, words in REASON_WORDS.items() if any(w in text for w in words)), "")


class ValidateRemoteFilingForm(ReadBackFormValidationAction):
    def name(self) -> str:
        return "validate_remote_filing_form"

    @skip_empty
    async def validate_destination(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        code = place_from(tracker)
        language = "en" if tracker.get_slot("language") == "en" else "zh"
        destination = division_name(code, language) if code else str(value or "").strip()[:100]
        if not destination or destination.startswith("/"):
            dispatcher.utter_message(response="utter_ask_destination")
            return {"destination": None}
        return {"destination": destination}

    @skip_empty
    async def validate_filing_reason(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return {"filing_reason": reason_from(tracker) or None}

    @skip_empty
    async def validate_start_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        day = date_from(tracker)
        if day is None:
            dispatcher.utter_message(response="utter_date_invalid")
            return {"start_date": None}
        today = dt.date.today()
        if not today - dt.timedelta(days=30) <= day <= today + dt.timedelta(days=180):
            dispatcher.utter_message(response="utter_start_date_invalid")
            return {"start_date": None}
        return {"start_date": day.isoformat()}


class ActionSubmitRemoteFiling(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_submit_remote_filing"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        body = {name: tracker.get_slot(name) for name in FILING_FORM_SLOTS}
        body = {"destination": body["destination"], "reason": body["filing_reason"], "start_date": body["start_date"]}
        try:
            receipt = self.govapi.post("/v1/me/medical/remote-filings", body, chat_user=talk.chat_user)
        except GovApiError as error:
            talk.explain(error)
        else:
            status = status_text(talk, receipt.get("application", {}).get("status"))
            talk.say("utter_remote_filing_done", destination=body["destination"], start_date=body["start_date"],
                     case_number=receipt.get("case_number", ""), status=status)
        return [{"event": "slot", "timestamp": None, "name": name, "value": None} for name in FILING_FORM_SLOTS]
