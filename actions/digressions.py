"""Questions asked while a form waits for an answer: answered without touching the form's slots,
after which the form asks its question again."""
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import catalogue, services
from actions.divisions import place_from
from actions.govapi_client import GovApiClient, GovApiError
from actions.replies import Conversation


class ActionAnswerQuestion(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        try:
            if intent == "find_service_hall":
                self._hall(talk)
            else:
                catalogue.service_guide(talk)
        except GovApiError as error:
            talk.explain(error)
        return []

    def _hall(self, talk: Conversation) -> None:
        place = place_from(talk.tracker)
        if place is None:
            talk.say("utter_ask_place")
            return
        for hall in services.halls_of(talk, place)[:1]:
            services.show_hall(talk, hall)
