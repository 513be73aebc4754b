"""A citizen's request to delete their chat history, once confirmed: the platform forgets the
chat user's verification and stops its notifications, and the gateway, told by a custom payload,
erases the conversation from every store (Rasa's tracker store included) after this turn."""
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.govapi_client import GovApiClient, GovApiError
from actions.notifications import unsubscribe

logger = logging.getLogger(__name__)

ERASE_REQUEST = {"erase_history": True}


class ActionDeleteHistory(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_delete_history"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        try:
            self.govapi.delete("/v1/auth/session", chat_user=tracker.sender_id)
        except GovApiError as error:
            logger.warning("verification not ended before erasing a conversation: %s", error)
        try:
            unsubscribe(self.govapi, tracker.sender_id)  # an erased conversation is never told anything
        except GovApiError as error:
            logger.warning("notifications not stopped before erasing a conversation: %s", error)
        dispatcher.utter_message(response="utter_history_deleted")
        dispatcher.utter_message(json_message=ERASE_REQUEST)
        return []
