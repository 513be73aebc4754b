"""Elder mode (长辈模式): switched on or off by the citizen, offered once to a verified senior.

A button says on or off in its `elder_switch` entity; a typed request is read for words that
ask to switch off ("关闭长辈模式", "normal mode"), anything else asking for the mode switches it on.
The gateway learns the mode from the custom part of utter_elder_mode_on/_off."""
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.wording import simplified

SWITCH_ENTITY = "elder_switch"
OFF_WORDS = ("关闭", "关掉", "退出", "恢复", "普通", "正常", "不用", "不要", "取消", "字小", "小一点", "小点",
             "normal", "smaller", "turn off", "switch off", "exit", "stop", "cancel", "back to")


def wants_on(switch: str | None, text: str) -> bool:
    """Whether the message asks for elder mode on (False: back to normal mode)."""
    if switch in ("on", "off"):
        return switch == "on"
    words = simplified(text).lower()
    return not any(word in words for word in OFF_WORDS)


def offer_once(tracker: Tracker, dispatcher: CollectingDispatcher, senior: Any) -> dict[str, Any]:
    """Offers elder mode to a senior citizen the first time in the conversation; the slots to set."""
    if senior is not True or tracker.get_slot("elder_mode") or tracker.get_slot("elder_mode_offered"):
        return {}
    dispatcher.utter_message(response="utter_elder_mode_offer")
    return {"elder_mode_offered": True}


class ActionElderMode(Action):
    def name(self) -> str:
        return "action_elder_mode"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        switch = next(tracker.get_latest_entity_values(SWITCH_ENTITY), None)
        on = wants_on(switch, tracker.latest_message.get("text") or "")
        dispatcher.utter_message(response="utter_elder_mode_on" if on else "utter_elder_mode_off")
        return [{"event": "slot", "timestamp": None, "name": "elder_mode", "value": on}]
