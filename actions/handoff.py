"""Hands the conversation to the hotline desk: tells the gateway (a custom payload it acts on)
which team's queue and why, and pauses the conversation so the bot stays silent meanwhile."""
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.identity import LOCKED_OUT
from registry.intents import FALLBACK_INTENT, registry

TOPIC_OF_INTENT = registry().team_of_intent()
FALLBACK_INTENTS = (FALLBACK_INTENT, "out_of_scope")
HANDOFF = "handoff"


def hand_over(reason: str) -> list[dict[str, Any]]:
    """Events with which an action decides that a person takes over: the rules run `action_handoff`
    after any action that sets `next_step` to "handoff"."""
    if reason not in registry().handoff_reasons:
        raise ValueError(f"{reason!r} is not a hand-off reason of registry/intents.yml")
    return [SlotSet("handoff_reason", reason), SlotSet("next_step", HANDOFF)]


def intents_of_session(tracker: Tracker) -> list[str]:
    """The intents of the citizen's messages since the session started, oldest first. A desk's
    resolve starts a new session, so what came before (and what was written to staff) is left out."""
    intents: list[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            intents = []
        elif event.get("event") == "user" and (event.get("parse_data") or {}).get("intent"):
            intents.append(event["parse_data"]["intent"].get("name"))
    return intents


def _intents_newest_first(tracker: Tracker) -> list[str]:
    return list(reversed(intents_of_session(tracker)))


def topic_of(tracker: Tracker) -> str:
    """The team of the matter the citizen was on: the `request` slot, else the latest matter intent."""
    request: str | None = tracker.get_slot("request")
    if request in TOPIC_OF_INTENT:
        return TOPIC_OF_INTENT[request]
    for intent in _intents_newest_first(tracker):
        if intent in TOPIC_OF_INTENT:
            return TOPIC_OF_INTENT[intent]
    return "general"


def reason_of(tracker: Tracker) -> str:
    decided: str | None = tracker.get_slot("handoff_reason")
    if decided:
        return decided
    if tracker.get_slot("identity_status") == LOCKED_OUT:
        return "lockout"
    latest = (tracker.latest_message.get("intent") or {}).get("name")
    if latest == "complaint":
        return "complaint"
    if latest in FALLBACK_INTENTS:
        return "fallback"
    return "request_human"


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(json_message={"handoff": {"reason": reason_of(tracker),
                                                           "topic": topic_of(tracker),
                                                           "language": tracker.get_slot("language")}})
        # the team has been chosen: the request and reason are not carried into the conversation after it
        return [SlotSet("handoff_reason", None), SlotSet("request", None), ConversationPaused()]
