"""The citizen's answer to a summary shown before a form submits (booking, work order)."""
from typing import Any

from actions.replies import Conversation


def confirmation(talk: Conversation, slot: str) -> dict[str, Any]:
    """Yes confirms; no (without a new value) asks what to change; anything else shows the summary again."""
    intent = (talk.tracker.latest_message.get("intent") or {}).get("name")
    if intent == "affirm":
        return {slot: True}
    if intent == "deny":
        talk.say("utter_ask_correction")
    return {slot: None}
