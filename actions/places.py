"""The place a request is about (a Jiangsu city or county), asked for when the citizen did not name it."""
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.divisions import place_from
from actions.govapi_client import GovApiClient, GovApiError
from actions.read_back import ReadBackFormValidationAction
from actions.replies import skip_empty


class ValidatePlaceForm(ReadBackFormValidationAction):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "validate_place_form"

    @skip_empty
    async def validate_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        place = place_from(tracker) or self._search_halls(str(value))
        if place is None:
            dispatcher.utter_message(response="utter_place_unknown")
        return {"place": place}

    def _search_halls(self, text: str) -> Any:
        """A place the NLU did not recognise may still name exactly one service hall."""
        text = text.strip()
        if not text or text.startswith("/") or len(text) > 30:
            return None
        try:
            halls = self.govapi.get("/v1/halls", q=text).get("halls", [])
        except GovApiError:
            return None
        return halls[0]["county_code"] or halls[0]["city_code"] if len(halls) == 1 else None
