"""Keeps the reply language (`language` slot) in step with the citizen.

The NLU detects the language of every message (`message_language` entity);
replies follow it unless the citizen chose a language explicitly with
`switch_language`, which sticks until they switch again.
"""
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

SUPPORTED = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def _entity_value(tracker: Tracker, entity: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(entity), None)
    return value if value in SUPPORTED else None


def _channel_language(tracker: Tracker) -> Optional[str]:
    metadata = tracker.latest_message.get("metadata") or {}
    code = str(metadata.get("language_code") or "").lower()
    if code.startswith("zh"):
        return "zh"
    if code.startswith("en"):
        return "en"
    return None


# Numbers say nothing about the citizen's language, even an ID number ending in X or a case number.
NUMBERS = re.compile(r"\d{17}[\dXx]|JS\d{14}|[\d\s\W_]+", re.IGNORECASE)
WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]")


def _has_words(text: str) -> bool:
    return bool(WORDS.search(NUMBERS.sub(" ", text)))


def _other(language: Optional[str]) -> str:
    return "zh" if language == "en" else "en"


def reply_language(tracker: Tracker) -> Dict[Text, Any]:
    """The slot values for the reply language after the latest message."""
    current = tracker.get_slot("language")
    if tracker.get_intent_of_latest_message() == "switch_language":
        requested = _entity_value(tracker, "language") or _other(current)
        return {"language": requested, "language_explicit": True}
    if tracker.get_slot("language_explicit") and current:
        return {}
    detected = _entity_value(tracker, "message_language")
    if current and not _has_words(tracker.latest_message.get("text") or ""):
        detected = None
    language = detected or current or _channel_language(tracker) or DEFAULT_LANGUAGE
    return {"language": language} if language != current else {}


class ValidateSlotMappings(ValidationAction):
    """Runs after every user message (Rasa's global slot validation)."""

    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        return reply_language(tracker)

    async def get_validation_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> List[EventType]:
        """Global slots need no validation; the default logs a warning per slot and message."""
        return [SlotSet(name, value) for name, value in tracker.slots_to_validate().items()]
