"""Notifications in the dialogue: "要通知我" / "notify me" subscribes the verified chat user (the
routing verifies first), "取消通知" / "stop notifications" unsubscribes, and after a status query
or a submission the answer offers a button to subscribe (when the chat user is not yet)."""
import logging
from typing import Any
from urllib.parse import quote

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.govapi_client import GovApiClient, GovApiError
from actions.replies import Conversation

logger = logging.getLogger(__name__)

SUBSCRIBE_PAYLOAD = "/notifications_on"


def subscribe(talk: Conversation) -> str:
    """The handler of `notifications_on` (routed after verification)."""
    talk.govapi.post("/v1/me/notifications", {"language": talk.language}, chat_user=talk.chat_user)
    talk.say("utter_notifications_on")
    return "done"


def unsubscribe(govapi: GovApiClient, chat_user: str) -> bool:
    """True when the chat user was subscribed; raises GovApiError when the platform cannot be reached."""
    return bool(govapi.delete(f"/v1/notifications?chat_user={quote(chat_user, safe='')}").get("unsubscribed"))


def offer_buttons(talk: Conversation) -> list[dict[str, str]]:
    """The "notify me" button for an answer about a case, unless this chat is told already."""
    try:
        subscribed = talk.govapi.get("/v1/me/notifications", chat_user=talk.chat_user).get("subscribed")
    except GovApiError as error:
        logger.info("notification offer left out: %s", error)
        return []
    if subscribed:
        return []
    return [{"title": talk.line("utter_notifications_offer_button"), "payload": SUBSCRIBE_PAYLOAD}]


class ActionNotificationsOff(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_notifications_off"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        try:
            removed = unsubscribe(self.govapi, talk.chat_user)
        except GovApiError as error:
            talk.explain(error)
            return []
        talk.say("utter_notifications_off" if removed else "utter_notifications_were_off")
        return []
