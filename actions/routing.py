"""Routes every service request: verify first when personal data is needed, ask for the place
when it is missing, start the form that collects the rest, or answer straight away.

`action_route_request` runs after every service intent and again after the identity and place
forms; it sets `next_step`, which the rules turn into the next form (or nothing)."""
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import catalogue, guides, opening, services, several
from actions.applications import APPLICATION_SLOTS, applying_for
from actions.appointments import APPOINTMENT_SLOTS
from actions.complaints import COMPLAINT_SLOTS
from actions.divisions import place_from
from actions.govapi_client import NOT_VERIFIED, GovApiClient, GovApiError
from actions.handoff import HANDOFF
from actions.identity import (
    LOCKED_OUT,
    VERIFIED,
    VERIFY_FORM,
    forget_identity,
    is_verified,
    latest_entity,
    session_summary,
    start_verification,
)
from actions.replies import Conversation
from registry.intents import WHEN_APPLYING, Intent, registry

logger = logging.getLogger(__name__)

DONE = "done"
VERIFY = VERIFY_FORM
ASK_PLACE = "place_form"
FORMS_THAT_RESUME = (VERIFY, ASK_PLACE)
# the requests a message asked for beside the one being handled, and the choice of a button
# (e.g. "report_loss") kept across the verification it leads to
PENDING = "pending_requests"
CHOICE = "request_choice"
FORM_SLOTS = ("place", "case_number", "destination", "filing_reason", "start_date", CHOICE) + APPOINTMENT_SLOTS \
    + COMPLAINT_SLOTS + APPLICATION_SLOTS


@dataclass(frozen=True)
class Request:
    handle: Callable[[Conversation], str]
    needs_identity: bool | Callable[[Conversation], bool] = False
    needs_place: bool = False

    def identity_needed(self, talk: Conversation) -> bool:
        return self.needs_identity(talk) if callable(self.needs_identity) else self.needs_identity


def pending_slot(talk: Conversation, name: str) -> Any:
    """A slot's value including what this action has set so far."""
    pending = [e["value"] for e in talk.events if e.get("event") == "slot" and e.get("name") == name]
    return pending[-1] if pending else talk.tracker.get_slot(name)


def _applying(talk: Conversation) -> bool:
    return pending_slot(talk, "application_matter") is not None


def _guide_or_apply(intent: str) -> Callable[[Conversation], str]:
    """The guide of the intent's matter, or (after "apply here") the application form."""
    def handle(talk: Conversation) -> str:
        return "application_form" if _applying(talk) else catalogue.guide_intent(talk, intent)
    return handle


def _form(name: str) -> Callable[[Conversation], str]:
    return lambda talk: name


def _handler(intent: Intent) -> Callable[[Conversation], str]:
    """What completes a routed intent: its `answer` function, its form, or the guide of its matters."""
    if intent.answer:
        module, function = intent.answer.rsplit(".", 1)
        return getattr(import_module(f"actions.{module}"), function)
    if intent.form:
        return _form(intent.form)
    return _guide_or_apply(intent.name)


def _request(intent: Intent) -> Request:
    needs_identity = _applying if intent.needs_identity == WHEN_APPLYING else bool(intent.needs_identity)
    return Request(_handler(intent), needs_identity=needs_identity, needs_place=intent.needs_place)


# `inform` is routed for what it implies (a case number, a place) and is no request of its own
REQUESTS: dict[str, Request] = {intent.name: _request(intent) for intent in registry().routed()
                                if intent.name != "inform"}


def _new_request(tracker: Tracker) -> str | None:
    """The service intent of the latest message, or what an `inform` message implies."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in REQUESTS:
        return intent
    if intent == "inform":
        text = tracker.latest_message.get("text") or ""
        if services.CASE_NUMBER.search(text) or latest_entity(tracker, "case_number"):
            return "application_status"
        if place_from(tracker):
            return "find_service_hall"
    return None


class ActionRouteRequest(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_route_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        resuming = tracker.latest_action_name in FORMS_THAT_RESUME
        intent = tracker.get_slot("request") if resuming else _new_request(tracker)
        if intent not in REQUESTS:
            talk.say("utter_what_for")
            return talk.events + [_next(DONE)]
        text = tracker.latest_message.get("text") or ""
        if resuming:
            _recall_choice(talk)
        else:
            planned = self._plan(talk, intent, text)
            if planned:
                intent, text = planned[0]["intent"], planned[0]["text"]
            self._remember_details(talk, intent, text)
            if planned or tracker.get_slot(PENDING):
                talk.set(PENDING, planned[1:] or None)
        next_step = self._route(talk, intent, resuming, text)
        return self._carry_on(talk, intent, next_step)

    def _carry_on(self, talk: Conversation, intent: str, next_step: str) -> list[dict[str, Any]]:
        """After a request is done, the next one the same message asked for (if any) is taken up."""
        waiting = list(pending_slot(talk, PENDING) or [])
        while next_step == DONE and waiting:
            following = waiting.pop(0)
            talk.set(PENDING, waiting or None)
            intent = following["intent"]
            self._remember_details(talk, intent, following["text"])
            next_step = self._route(_with_slots(talk), intent, False, following["text"])
        talk.set("request", None if next_step == DONE else intent)
        return talk.events + [_next(next_step)]

    def _plan(self, talk: Conversation, intent: str, text: str) -> list[dict[str, str]]:
        """Several requests in one message: the order they are handled in (those that need no
        verification first), announced to the citizen."""
        parts = several.requests_in(text, intent)
        if len(parts) < 2:
            return []
        parts.sort(key=lambda part: self._waits_for_identity(talk, part["intent"], part["text"]))
        talk.say("utter_several_requests", first=parts[0]["text"], then=parts[1]["text"])
        return parts

    @staticmethod
    def _waits_for_identity(talk: Conversation, intent: str, text: str) -> bool:
        request = REQUESTS.get(intent)
        return bool(request and request.identity_needed(talk) and not guides.guide_for(intent, text)
                    and not is_verified(talk.tracker))

    def _remember_details(self, talk: Conversation, intent: str, text: str) -> None:
        """Starts a fresh request: forgets the details of the previous one, keeps those in this message."""
        from_button = text.startswith("/")
        for slot in FORM_SLOTS:
            # a day picked from the buttons of a full day keeps the matter and hall of that booking
            keep = from_button and intent == "book_appointment" and slot.startswith("appointment")
            if pending_slot(talk, slot) is not None and not keep:
                talk.set(slot, None)
        choice = latest_entity(talk.tracker, "choice")
        talk.set(CHOICE, choice)
        details: dict[str, Any] = {}
        if intent == "book_appointment" and not from_button:
            details = opening.booking_details(talk, text)
        elif intent == "complaint":
            details = opening.complaint_details(talk.tracker, text)
        elif place_from(talk.tracker):
            details = {"place": place_from(talk.tracker)}
        for slot, value in details.items():
            talk.set(slot, value)
        applying = applying_for(talk.tracker)
        if applying in catalogue.MATTERS_OF_INTENT.get(intent, ()):
            talk.set("application_matter", applying)
        case_number = services.case_number_from(talk)
        if case_number and intent == "application_status":
            talk.set("case_number", case_number)

    def _route(self, talk: Conversation, intent: str, resuming: bool, text: str = "") -> str:
        request = REQUESTS[intent]
        guide = None if resuming else guides.guide_for(intent, text)
        if guide:
            try:
                guides.answer(talk, guide, offer=not pending_slot(talk, PENDING))
            except GovApiError as error:
                talk.explain(error)
            return DONE
        if request.identity_needed(talk) and not is_verified(talk.tracker):
            return self._verify_first(talk, intent, resuming)
        if request.needs_place and not pending_slot(talk, "place"):
            if resuming and talk.tracker.latest_action_name == ASK_PLACE:
                return DONE
            return ASK_PLACE
        try:
            return request.handle(_with_slots(talk))
        except GovApiError as error:
            return self._failed(talk, error, intent)

    def _verify_first(self, talk: Conversation, intent: str, resuming: bool) -> str:
        if resuming and talk.tracker.latest_action_name == VERIFY:
            # the form ended without a verification (locked out, platform down ...) and has said why
            status = talk.tracker.get_slot("identity_status")
            if status not in (LOCKED_OUT, "unavailable", "rate_limited"):
                talk.say("utter_identity_not_completed")
            talk.events.extend(forget_identity())
            if status == LOCKED_OUT:
                # a person can check the citizen's identity another way; the request is kept for the team
                talk.set("handoff_reason", "lockout")
                return HANDOFF
            return DONE
        try:
            citizen = session_summary(talk.govapi, talk.chat_user)
        except GovApiError as error:
            talk.explain(error)
            return DONE
        if citizen:
            # bound earlier (an earlier session of this chat): carry on without asking again
            talk.set("identity_verified", True)
            talk.set("identity_status", VERIFIED)
            talk.tracker.slots["identity_verified"] = True
            return self._route(talk, intent, resuming=False)
        talk.say("utter_identity_needed")
        talk.events.extend(forget_identity())
        id_number = latest_entity(talk.tracker, "id_number")
        if id_number:
            for slot, value in start_verification(talk, id_number).items():
                talk.set(slot, value)
        return VERIFY

    def _failed(self, talk: Conversation, error: GovApiError, intent: str) -> str:
        logger.info("request %s failed: %s", intent, error)
        if error.kind == NOT_VERIFIED:
            talk.say("utter_identity_expired")
            talk.events.extend(forget_identity())
            return VERIFY
        talk.explain(error)
        return DONE


def _with_slots(talk: Conversation) -> Conversation:
    """The conversation with the slots set earlier in this turn visible to the handlers."""
    for event in talk.events:
        if event.get("event") == "slot":
            talk.tracker.slots[event["name"]] = event["value"]
    return talk


def _recall_choice(talk: Conversation) -> None:
    """Back from the verification a button led to: its choice is seen as if pressed now."""
    choice = talk.tracker.get_slot(CHOICE)
    entities = talk.tracker.latest_message.setdefault("entities", [])
    if choice and not any(entity.get("entity") == "choice" for entity in entities):
        entities.append({"entity": "choice", "value": choice})


def _next(step: str) -> dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": "next_step", "value": step}


class ActionCancelRequest(Action):
    """Leaves whatever was going on and forgets the details collected for it."""

    def name(self) -> str:
        return "action_cancel_request"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_cancelled")
        cleared = [{"event": "slot", "timestamp": None, "name": name, "value": None}
                   for name in FORM_SLOTS + ("request", "requested_slot", PENDING)]
        if not is_verified(tracker):
            cleared += forget_identity()
        return cleared + [_next(DONE)]
