"""Forms in elder mode confirm each value before going on: after a slot is filled from the citizen's
message, the value is read back ("您说的是：鼓楼区，对吗？" 对 / 不对); 对 goes on to the next question,
不对 asks the same one again. Every form's validation action derives from ReadBackFormValidationAction;
in ordinary mode it is rasa-sdk's FormValidationAction unchanged."""
import re
from abc import abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions import plain_words
from actions.divisions import division_name, divisions
from privacy.masking import mask_personal_data

READ_BACK_SLOT = "elder_readback"          # the slot whose value waits for 对 / 不对
SHOWN_SLOT = "elder_readback_value"        # that value as the read-back shows it (masked)
CONFIRM_SLOT = "elder_value_confirmed"     # the question the form asks meanwhile
# A code is checked at once, and the summary confirmations are a read-back themselves.
NOT_READ_BACK = ("otp", "requested_slot")
CODE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")


def _language(tracker: Tracker) -> str:
    return "en" if tracker.get_slot("language") == "en" else "zh"


def _set_in(events: list[dict[str, Any]], slot: str | None) -> Any:
    values = [event.get("value") for event in events if event.get("event") == "slot" and event.get("name") == slot]
    return values[-1] if values else None


def reads_back(slot: str | None, value: Any) -> bool:
    if not slot or slot in NOT_READ_BACK or slot.endswith("_confirmed"):
        return False
    return value is not None and not isinstance(value, bool)


def shown_value(value: Any, tracker: Tracker) -> str:
    """The value as the citizen can check it: a place's name, a day in words, the citizen's own words
    for a catalogue code; masked."""
    language = _language(tracker)
    text = str(value)
    if text in divisions():
        text = division_name(text, language)
    elif CODE.fullmatch(text):
        text = (tracker.latest_message.get("text") or text).strip()
    else:
        text = str(plain_words.plain(text, language))
    return mask_personal_data(text)


class ReadBackFormValidationAction(FormValidationAction):
    @abstractmethod
    def name(self) -> str:
        """validate_<form>"""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[dict[str, Any]]:
        if not tracker.get_slot("elder_mode"):
            return await super().run(dispatcher, tracker, domain)
        if tracker.get_slot(READ_BACK_SLOT) and tracker.get_slot(REQUESTED_SLOT) == CONFIRM_SLOT:
            return await self._answered(dispatcher, tracker, domain)
        requested = tracker.get_slot(REQUESTED_SLOT)
        events = await super().run(dispatcher, tracker, domain)
        value = _set_in(events, requested)
        if not reads_back(requested, value):
            return events
        kept = [event for event in events if not (event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT)]
        return kept + [SlotSet(READ_BACK_SLOT, requested), SlotSet(SHOWN_SLOT, shown_value(value, tracker)),
                       SlotSet(CONFIRM_SLOT, None), SlotSet(REQUESTED_SLOT, CONFIRM_SLOT)]

    async def _answered(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> list[dict[str, Any]]:
        """对 goes on, 不对 empties the value so that the form asks for it again; anything else asks again."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent not in ("affirm", "deny"):
            return [SlotSet(SHOWN_SLOT, tracker.get_slot(SHOWN_SLOT)), SlotSet(REQUESTED_SLOT, CONFIRM_SLOT)]
        slot = tracker.get_slot(READ_BACK_SLOT)
        done = [SlotSet(READ_BACK_SLOT, None), SlotSet(SHOWN_SLOT, None), SlotSet(CONFIRM_SLOT, intent == "affirm")]
        if intent == "deny":
            dispatcher.utter_message(response="utter_elder_value_again")
            done.append(SlotSet(slot, None))
        tracker.slots.update({event["name"]: event["value"] for event in done})
        return done + await self._next_question(dispatcher, tracker, domain)

    async def _next_question(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[dict[str, Any]]:
        """The form's next question, as its own required_slots decide (none: Rasa's form picks it)."""
        asked = await self.next_requested_slot(dispatcher, tracker, domain)
        return [asked] if asked else []
