"""12345-style complaints: description, location, category -> a work order routed to a department."""
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.confirmation import confirmation
from actions.divisions import place_from, place_name
from actions.govapi_client import GovApiClient, GovApiError
from actions.handoff import hand_over
from actions.identity import is_verified
from actions.read_back import ReadBackFormValidationAction
from actions.replies import Conversation, skip_empty
from actions.wording import simplified
from privacy.masking import mask_personal_data

logger = logging.getLogger(__name__)
MAX_TEXT = 2000
COMPLAINT_SLOTS = ("complaint_text", "complaint_location", "complaint_category", "complaint_confirmed")
# Words that point to a category when the citizen types instead of pressing a button.
CATEGORY_WORDS = {
    "noise": ("噪音", "吵", "扰民", "油烟", "异味", "污染", "noise", "noisy", "loud", "fumes", "smell", "pollution"),
    "road": ("道路", "路面", "坑", "路灯", "井盖", "road", "pothole", "street light"),
    "sanitation": ("垃圾", "卫生", "脏", "rubbish", "garbage", "trash", "litter"),
    "property": ("物业", "房屋", "漏水", "电梯", "property", "landlord", "lift", "leak"),
    "traffic": ("交通", "违停", "停车", "traffic", "parking"),
    "food_safety": ("食品", "餐馆", "过期", "food", "restaurant"),
    "labour": ("工资", "欠薪", "劳动", "wage", "salary", "labour", "labor"),
    "public_service": ("政务", "窗口", "办事", "service hall", "civil servant"),
}
CATEGORIES = tuple(CATEGORY_WORDS) + ("other",)


def category_from(tracker: Tracker, *texts: str) -> str:
    choice = next(tracker.get_latest_entity_values("choice"), None)
    if choice in CATEGORIES:
        return choice
    joined = " ".join(texts).lower()
    return next((category for category, words in CATEGORY_WORDS.items() if any(w in joined for w in words)), "")


def _plain_text(value: Any) -> str:
    text = str(value or "").strip()
    return "" if text.startswith("/") else text


class ValidateComplaintForm(ReadBackFormValidationAction):
    def __init__(self) -> None:
        super().__init__()
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "validate_complaint_form"

    @skip_empty
    async def validate_complaint_text(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        text = _plain_text(value)[:MAX_TEXT] or None
        category = category_from(tracker, simplified(text)) if text else ""
        if category and not tracker.get_slot("complaint_category"):
            return {"complaint_text": text, "complaint_category": category}   # said in the description
        return {"complaint_text": text}

    @skip_empty
    async def validate_complaint_location(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        return {"complaint_location": _plain_text(value)[:200] or None}

    @skip_empty
    async def validate_complaint_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        if value in CATEGORIES:
            return {"complaint_category": value}  # given by the opening message
        return {"complaint_category": category_from(tracker, str(value or "")) or None}

    async def validate_complaint_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: DomainDict) -> dict[str, Any]:
        if value is None:
            return {"complaint_confirmed": None}
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        changed = _corrections(tracker)
        if changed:
            return {**changed, "complaint_confirmed": None}
        return confirmation(talk, "complaint_confirmed")


def _corrections(tracker: Tracker) -> dict[str, Any]:
    """A place or a kind named at the summary replaces the one given before."""
    changed: dict[str, Any] = {}
    place = place_from(tracker)
    if place:
        changed["complaint_location"] = place_name(place)
    text = tracker.latest_message.get("text") or ""
    category = category_from(tracker, "" if text.startswith("/") else text)
    if category and category != tracker.get_slot("complaint_category"):
        changed["complaint_category"] = category
    return changed


def category_label(talk: Conversation, code: str) -> str:
    """The name of a category as its button in the category question shows it."""
    for button in talk.variation("utter_ask_complaint_category").get("buttons", []):
        if f'"{code}"' in button.get("payload", ""):
            return button["title"]
    return code


class ActionAskComplaintConfirmed(Action):
    """The work order's summary ("将为您提交以下工单……确认吗？") with buttons to confirm or change it."""

    def __init__(self) -> None:
        super().__init__()
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_ask_complaint_confirmed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        # the summary shows personal data in the description masked, like every text outside govapi
        talk.say("utter_confirm_complaint", problem=mask_personal_data(tracker.get_slot("complaint_text") or ""),
                 location=tracker.get_slot("complaint_location") or "",
                 category=category_label(talk, tracker.get_slot("complaint_category") or "other"))
        return []


class ActionSubmitComplaint(Action):
    def __init__(self) -> None:
        self.govapi = GovApiClient.from_env()

    def name(self) -> str:
        return "action_submit_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        talk = Conversation(dispatcher, tracker, domain, self.govapi)
        body = {"category": tracker.get_slot("complaint_category"), "location": tracker.get_slot("complaint_location"),
                "text": tracker.get_slot("complaint_text")}
        # a verified citizen's work order is linked to them, so they can follow it up
        chat_user = talk.chat_user if is_verified(tracker) else None
        cleared = [SlotSet(name, None) for name in COMPLAINT_SLOTS]
        try:
            order = self.govapi.post("/v1/complaints", body, chat_user=chat_user)["work_order"]
        except GovApiError as error:
            # a complaint that cannot be filed is not lost: a person takes it over from the transcript
            logger.info("complaint not filed, handing over: %s", error)
            talk.say("utter_complaint_handover")
            return cleared + hand_over("complaint")
        days = order.get("reply_within_days", 5)
        talk.say("utter_complaint_filed", number=order.get("number", ""),
                 department=talk.pick(order.get("department_zh"), order.get("department_en")),
                 days=days, working_days=talk.working_days(days))
        return cleared + [SlotSet("next_step", "done")]
