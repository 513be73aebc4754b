"""Real-name verification: ID number -> mobile number -> SMS code, through govapi's auth endpoints.

The form's slots are filled from whatever the citizen types; the validators read the
NLU's entities (id_number / id_number_invalid / phone / otp) and explain what is wrong.
Personal data never leaves this module unmasked.
"""
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.govapi_client import GovApiClient, GovApiError, LOCKED, NOT_FOUND, NOT_VERIFIED, REFUSED, UNAVAILABLE
from actions.replies import Conversation, mask_id, mask_phone, skip_empty

logger = logging.getLogger(__name__)

IDENTITY_SLOTS = ("id_number", "phone", "otp")
VERIFIED = "verified"
LOCKED_OUT = "locked"
NOT_AVAILABLE = "unavailable"
GAVE_UP = "rate_limited"
OTP_PATTERN = re.compile(r"(?<!\d)\d{6}(?!\d)")


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


def is_verified(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("identity_verified"))


def forget_identity() -> List[Dict[Text, Any]]:
    """Events that drop the verification and the personal data typed for it."""
    return [{"event": "slot", "timestamp": None, "name": name, "value": value}
            for name, value in (("identity_verified", False), ("identity_status", None),
                                ("id_number", None), ("phone", None), ("otp", None))]


def session_summary(govapi: GovApiClient, chat_user: str) -> Optional[Dict[str, Any]]:
    """The masked citizen this chat user is bound to, or None."""
    try:
        session = govapi.get("/v1/auth/session", chat_user=chat_user)
    except GovApiError as error:
        if error.kind == NOT_VERIFIED:
            return None
        raise
    return session.get("citizen") if session.get("bound") else None


class ValidateVerifyIdentityForm(FormValidationAction):
    """ID number, then phone (which sends the SMS code), then the code (which binds the chat user)."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> Text:
        return "validate_verify_identity_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if tracker.get_slot("identity_status") in (VERIFIED, LOCKED_OUT, NOT_AVAILABLE, GAVE_UP):
            return []
        return list(IDENTITY_SLOTS)

    def _conversation(self, dispatcher, tracker, domain) -> Conversation:
        return Conversation(dispatcher, tracker, domain, self.govapi)

    @skip_empty
    async def validate_id_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        number = latest_entity(tracker, "id_number")
        if not number:
            dispatcher.utter_message(response="utter_id_number_invalid")
            return {"id_number": None}
        return {"id_number": number}

    @skip_empty
    async def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        phone = latest_entity(tracker, "phone")
        if not phone:
            dispatcher.utter_message(response="utter_phone_invalid")
            return {"phone": None}
        return self._send_code(self._conversation(dispatcher, tracker, domain),
                               tracker.get_slot("id_number"), phone)

    def _send_code(self, talk: Conversation, id_number: str, phone: str) -> Dict[Text, Any]:
        try:
            sent = self.govapi.post("/v1/auth/otp", {"id_number": id_number, "phone": phone})
        except GovApiError as error:
            return self._code_not_sent(talk, error, id_number, phone)
        talk.say("utter_otp_sent", phone_masked=sent.get("phone_masked", mask_phone(phone)))
        return {"phone": phone, "otp": None}

    def _code_not_sent(self, talk: Conversation, error: GovApiError, id_number: str, phone: str) -> Dict[Text, Any]:
        logger.info("code not sent for %s: %s", mask_id(id_number or ""), error)
        if error.kind in (NOT_FOUND, "invalid"):
            talk.say("utter_identity_not_found", id_masked=mask_id(id_number or ""), phone_masked=mask_phone(phone))
            return {"id_number": None, "phone": None}
        if error.kind == LOCKED:
            talk.say("utter_identity_locked")
            return {"phone": phone, "identity_status": LOCKED_OUT}
        if error.code == "rate_limited":
            retry_after = (error.payload or {}).get("error", {}).get("retry_after", 600)
            talk.say("utter_otp_rate_limited", minutes=max(1, round(int(retry_after) / 60)))
            return {"phone": phone, "identity_status": GAVE_UP}
        talk.say("utter_govapi_unavailable")
        return {"phone": phone, "identity_status": NOT_AVAILABLE}

    @skip_empty
    async def validate_otp(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> Dict[Text, Any]:
        code = latest_entity(tracker, "otp") or _only_code(tracker.latest_message.get("text") or "")
        if not code:
            dispatcher.utter_message(response="utter_otp_invalid")
            return {"otp": None}
        talk = self._conversation(dispatcher, tracker, domain)
        id_number = tracker.get_slot("id_number")
        try:
            answer = self.govapi.post("/v1/auth/verify", {"id_number": id_number, "code": code},
                                      chat_user=tracker.sender_id)
        except GovApiError as error:
            return self._code_refused(talk, error, id_number, tracker.get_slot("phone"))
        citizen = answer.get("citizen", {})
        talk.say("utter_identity_verified", name_masked=_name(talk, citizen), id_masked=citizen.get("id_masked", ""))
        # the personal data typed for verification is not kept in the conversation
        return {"otp": "done", "id_number": mask_id(id_number), "phone": mask_phone(tracker.get_slot("phone") or ""),
                "identity_verified": True, "identity_status": VERIFIED}

    def _code_refused(self, talk: Conversation, error: GovApiError, id_number: str, phone: str) -> Dict[Text, Any]:
        payload = (error.payload or {}).get("error", {})
        if error.code == "wrong_code":
            talk.say("utter_otp_wrong", attempts_left=payload.get("attempts_left", 0))
            return {"otp": None}
        if error.kind == LOCKED:
            talk.say("utter_identity_locked")
            return {"otp": "locked", "identity_status": LOCKED_OUT}
        if error.code in ("code_expired", "no_pending_code"):
            talk.say("utter_otp_expired")
            result = self._send_code(talk, id_number, phone)
            return {**result, "otp": None}
        if error.kind == REFUSED and error.code == "rate_limited":
            talk.say("utter_otp_rate_limited", minutes=10)
            return {"otp": "refused", "identity_status": GAVE_UP}
        if error.kind == UNAVAILABLE:
            talk.say("utter_govapi_unavailable")
            return {"otp": "unavailable", "identity_status": NOT_AVAILABLE}
        talk.explain(error)
        return {"otp": None}


def _only_code(text: str) -> Optional[str]:
    codes = OTP_PATTERN.findall(text)
    return codes[0] if len(codes) == 1 else None


def _name(talk: Conversation, citizen: Dict[str, Any]) -> str:
    return talk.pick(citizen.get("name_masked"), citizen.get("name_en_masked"))
