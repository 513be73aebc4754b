"""The reply language (`language` slot), kept in step with the citizen inside Rasa.

The NLU detects the language of every message (`message_language` entity); replies follow it
unless the citizen chose a language explicitly with `switch_language`, which sticks until they
switch again. Messages of numbers only (an ID number ending in X, a case number) change nothing.

A policy that never predicts an action: the events of every policy's prediction are applied
(Rasa's prediction ensemble), so the slots are set right after each citizen message, before any
action, without a call to the action server."""
import re
from typing import Any

from rasa.core.constants import DEFAULT_POLICY_PRIORITY, POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

SUPPORTED = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
# Numbers say nothing about the citizen's language, even an ID number ending in X or a case number.
NUMBERS = re.compile(r"\d{17}[\dXx]|JS\d{14}|[\d\s\W_]+", re.IGNORECASE)
WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]")


def _entity_value(tracker: DialogueStateTracker, entity: str) -> str | None:
    value = next(tracker.get_latest_entity_values(entity), None)
    return value if value in SUPPORTED else None


def _channel_language(tracker: DialogueStateTracker) -> str | None:
    code = str((tracker.latest_message.metadata or {}).get("language_code") or "").lower()
    return next((language for language in SUPPORTED if code.startswith(language)), None)


def _has_words(text: str) -> bool:
    return bool(WORDS.search(NUMBERS.sub(" ", text)))


def _other(language: str | None) -> str:
    return "zh" if language == "en" else "en"


def reply_language(tracker: DialogueStateTracker) -> dict[str, Any]:
    """The slot values for the reply language after the latest message (only what changes)."""
    current = tracker.get_slot("language")
    if (tracker.latest_message.intent or {}).get("name") == "switch_language":
        requested = _entity_value(tracker, "language") or _other(current)
        return {"language": requested, "language_explicit": True}
    if tracker.get_slot("language_explicit") and current:
        return {}
    detected = _entity_value(tracker, "message_language")
    if current and not _has_words(tracker.latest_message.text or ""):
        detected = None
    language = detected or current or _channel_language(tracker) or DEFAULT_LANGUAGE
    return {"language": language} if language != current else {}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ReplyLanguagePolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {POLICY_PRIORITY: DEFAULT_POLICY_PRIORITY}  # its predictions (all zero) never win anyway

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def train(self, training_trackers: list[Any], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        after_citizen = tracker.latest_action_name == ACTION_LISTEN_NAME and tracker.latest_message is not None
        events = [SlotSet(name, value) for name, value in reply_language(tracker).items()] if after_citizen else []
        return self._prediction(self._default_predictions(domain), events=events)
