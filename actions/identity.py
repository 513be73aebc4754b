"""Real-name verification: ID number -> phone -> SMS code, through govapi's auth endpoints.

The ID number is exchanged for a verification handle in the turn it is typed; the later steps
name the handle. Slots keep only the handle and masked values, so nothing personal is stored in
the conversation. The validators read the NLU's entities (id_number / id_number_invalid / phone /
otp) and explain what is wrong.
"""
import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.elder_mode import offer_once
from actions.govapi_client import LOCKED, NOT_FOUND, NOT_VERIFIED, REFUSED, UNAVAILABLE, GovApiClient, GovApiError
from actions.platform_errors import lockout_minutes
from actions.read_back import ReadBackFormValidationAction
from actions.replies import Conversation, skip_empty
from privacy.masking import mask_id, mask_phone

logger = logging.getLogger(__name__)

IDENTITY_SLOTS = ("id_number", "phone", "otp")
VERIFY_FORM = "verify_identity_form"
HANDLE_SLOT = "verification_handle"
VERIFIED = "verified"
LOCKED_OUT = "locked"
NOT_AVAILABLE = "unavailable"
GAVE_UP = "rate_limited"
HANDLE_GONE = "handle_not_found"
OTP_PATTERN = re.compile(r"(?<!\d)\d{6}(?!\d)")


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


def is_verified(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("identity_verified"))


def forget_identity() -> list[dict[str, Any]]:
    """Events that drop the verification and what was given for it."""
    return [{"event": "slot", "timestamp": None, "name": name, "value": value}
            for name, value in (("identity_verified", False), ("identity_status", None), ("id_number", None),
                                ("phone", None), ("otp", None), (HANDLE_SLOT, None))]


def session_summary(govapi: GovApiClient, chat_user: str) -> dict[str, Any] | None:
    """The masked citizen this chat user is bound to, or None."""
    try:
        session = govapi.get("/v1/auth/session", chat_user=chat_user)
    except GovApiError as error:
        if error.kind == NOT_VERIFIED:
            return None
        raise
    return session.get("citizen") if session.get("bound") else None


def already_verified(talk: Conversation) -> str:
    """A request to verify from a citizen who is: says who they are verified as (unless the form just did)."""
    citizen = session_summary(talk.govapi, talk.chat_user)
    if citizen and talk.tracker.latest_action_name != VERIFY_FORM:
        talk.say("utter_identity_already", name_masked=talk.pick(citizen.get("name_masked"),
                                                                 citizen.get("name_en_masked")),
                 id_masked=citizen.get("id_masked", ""))
    return "done"


def start_verification(talk: Conversation, id_number: str) -> dict[str, Any]:
    """Exchanges a typed ID number for a handle: the slots to set (masked number and handle),
    or, when the platform is down, the status that ends the form."""
    try:
        started = talk.govapi.post("/v1/auth/identity", {"id_number": id_number}, chat_user=talk.chat_user)
    except GovApiError as error:
        logger.info("verification not started for %s: %s", mask_id(id_number), error)
        if error.code == "invalid_id_number":
            talk.say("utter_id_number_invalid")
            return {"id_number": None}
        talk.explain(error)
        return {"id_number": None, "identity_status": NOT_AVAILABLE}
    return {"id_number": started.get("id_masked") or mask_id(id_number), HANDLE_SLOT: started["handle"]}


class ValidateVerifyIdentityForm(ReadBackFormValidationAction):
    """ID number (exchanged for a handle), then phone (which sends the SMS code), then the code
    (which binds the chat user)."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "validate_verify_identity_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("identity_status") in (VERIFIED, LOCKED_OUT, NOT_AVAILABLE, GAVE_UP):
            return []
        return list(IDENTITY_SLOTS)

    def _conversation(self, dispatcher, tracker, domain) -> Conversation:
        return Conversation(dispatcher, tracker, domain, self.govapi)

    @skip_empty
    async def validate_id_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        if tracker.get_slot(HANDLE_SLOT) and value == tracker.get_slot("id_number"):
            return {"id_number": value}  # exchanged already, when the request was routed here
        number = latest_entity(tracker, "id_number")
        if not number:
            dispatcher.utter_message(response="utter_id_number_invalid")
            return {"id_number": None}
        return start_verification(self._conversation(dispatcher, tracker, domain), number)

    @skip_empty
    async def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        phone = latest_entity(tracker, "phone")
        if not phone:
            dispatcher.utter_message(response="utter_phone_invalid")
            return {"phone": None}
        return self._send_code(self._conversation(dispatcher, tracker, domain), phone)

    def _send_code(self, talk: Conversation, phone: str | None = None) -> dict[str, Any]:
        """Sends a code to the phone typed now, or (phone None) again to the phone given before."""
        body = {"handle": talk.tracker.get_slot(HANDLE_SLOT), **({"phone": phone} if phone else {})}
        try:
            sent = self.govapi.post("/v1/auth/otp", body, chat_user=talk.chat_user)
        except GovApiError as error:
            return self._code_not_sent(talk, error, phone)
        phone_masked = sent.get("phone_masked") or mask_phone(phone or "")
        minutes = max(1, round(int(sent.get("expires_in") or 300) / 60))
        talk.say("utter_otp_sent", phone_masked=phone_masked, minutes=minutes,
                 valid_for=talk.plural(minutes, "utter_part_minutes_one", "utter_part_minutes"))
        return {"phone": phone_masked, "otp": None}

    def _code_not_sent(self, talk: Conversation, error: GovApiError, phone: str | None) -> dict[str, Any]:
        logger.info("code not sent: %s", error)
        phone_masked = mask_phone(phone) if phone else talk.tracker.get_slot("phone")
        if error.code == HANDLE_GONE:
            return _start_again(talk)
        if error.kind in (NOT_FOUND, "invalid"):
            talk.say("utter_identity_not_found", id_masked=talk.tracker.get_slot("id_number") or "",
                     phone_masked=phone_masked or "")
            return {"id_number": None, "phone": None, HANDLE_SLOT: None}
        if error.kind == LOCKED:
            _say_locked(talk, error)
            return {"phone": phone_masked, "identity_status": LOCKED_OUT}
        if error.code == "rate_limited":
            talk.explain(error)
            return {"phone": phone_masked, "identity_status": GAVE_UP}
        talk.say("utter_govapi_unavailable")
        return {"phone": phone_masked, "identity_status": NOT_AVAILABLE}

    @skip_empty
    async def validate_otp(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: DomainDict) -> dict[str, Any]:
        code = latest_entity(tracker, "otp") or _only_code(tracker.latest_message.get("text") or "")
        if not code:
            dispatcher.utter_message(response="utter_otp_invalid")
            return {"otp": None}
        talk = self._conversation(dispatcher, tracker, domain)
        try:
            answer = self.govapi.post("/v1/auth/verify", {"handle": tracker.get_slot(HANDLE_SLOT), "code": code},
                                      chat_user=tracker.sender_id)
        except GovApiError as error:
            return self._code_refused(talk, error)
        citizen = answer.get("citizen", {})
        talk.say("utter_identity_verified", name_masked=_name(talk, citizen), id_masked=citizen.get("id_masked", ""))
        offered = offer_once(tracker, dispatcher, citizen.get("senior"))
        return {**offered, "otp": "done", "id_number": citizen.get("id_masked") or tracker.get_slot("id_number"),
                "phone": citizen.get("phone_masked") or tracker.get_slot("phone"), HANDLE_SLOT: None,
                "identity_verified": True, "identity_status": VERIFIED}

    def _code_refused(self, talk: Conversation, error: GovApiError) -> dict[str, Any]:
        payload = (error.payload or {}).get("error", {})
        if error.code == "wrong_code":
            left = int(payload.get("attempts_left", 0))
            talk.say("utter_otp_wrong", attempts_left=left,
                     attempts=talk.plural(left, "utter_part_tries_one", "utter_part_tries"))
            return {"otp": None}
        if error.code == HANDLE_GONE:
            return _start_again(talk)
        if error.kind == LOCKED:
            _say_locked(talk, error)
            return {"otp": "locked", "identity_status": LOCKED_OUT}
        if error.code in ("code_expired", "no_pending_code"):
            talk.say("utter_otp_expired")
            return {**self._send_code(talk), "otp": None}
        if error.kind == REFUSED and error.code == "rate_limited":
            talk.explain(error)
            return {"otp": "refused", "identity_status": GAVE_UP}
        if error.kind == UNAVAILABLE:
            talk.say("utter_govapi_unavailable")
            return {"otp": "unavailable", "identity_status": NOT_AVAILABLE}
        talk.explain(error)
        return {"otp": None}


def _say_locked(talk: Conversation, error: GovApiError) -> None:
    minutes = lockout_minutes(error)
    talk.say("utter_identity_locked", minutes=minutes,
             wait=talk.plural(minutes, "utter_part_minutes_one", "utter_part_minutes"))


def _start_again(talk: Conversation) -> dict[str, Any]:
    """The handle expired (the citizen took long): the form asks for the ID number again."""
    talk.say("utter_verification_restart")
    return {"id_number": None, "phone": None, "otp": None, HANDLE_SLOT: None}


def _only_code(text: str) -> str | None:
    codes = OTP_PATTERN.findall(text)
    return codes[0] if len(codes) == 1 else None


def _name(talk: Conversation, citizen: dict[str, Any]) -> str:
    return talk.pick(citizen.get("name_masked"), citizen.get("name_en_masked"))
