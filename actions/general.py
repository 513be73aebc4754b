"""Actions for the general conversation: what the assistant can do."""
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.govapi_client import GovApiClient, GovApiError
from actions.handoff import hand_over, intents_of_session
from registry.intents import FALLBACK_INTENT

logger = logging.getLogger(__name__)


class ActionHelp(Action):
    """Lists what Tongban can do and how many service halls the platform knows."""

    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_help")
        try:
            halls = self.govapi.get("/v1/halls")
        except GovApiError as error:
            logger.warning("service halls unavailable for help: %s", error)
            return []
        dispatcher.utter_message(response="utter_help_halls", hall_count=halls.get("total", 0))
        return []


class ActionHandleFallback(Action):
    """Two-stage fallback: ask to rephrase; when the next message is not understood either, a person takes over."""

    def name(self) -> str:
        return "action_handle_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intents = intents_of_session(tracker)
        second_in_a_row = len(intents) >= 2 and intents[-2] == FALLBACK_INTENT
        if second_in_a_row:
            dispatcher.utter_message(response="utter_fallback_handover")
            return hand_over("fallback")
        dispatcher.utter_message(response="utter_ask_rephrase")
        return [SlotSet("next_step", "done")]
