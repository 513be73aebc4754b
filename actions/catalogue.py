"""Guides from the govapi matter catalogue: materials, fee, time limit, online link."""
import difflib
import re
from typing import Any

from actions.applications import can_apply_in_chat
from actions.replies import Conversation, say_filled
from registry.intents import registry

# Matters behind the intents that are guided (or guided before they are submitted).
MATTERS_OF_INTENT = registry().matters_of_intent()
# Words that say nothing about which matter is meant.
NOISE = re.compile(r"(办理?|怎么|如何|需要|要带|带什么|什么|材料|多久|多少钱|费用|在哪|去哪|"
                   r"我想|我要|请问|一下|的|了|吗|呢|\?|？|。|，)")
ENGLISH_NOISE = {"what", "do", "i", "need", "for", "a", "an", "the", "how", "to", "my", "get", "much", "long",
                 "does", "it", "take", "documents", "apply", "of", "is", "in", "and", "want", "please"}


def fetch_matter(talk: Conversation, code: str) -> dict[str, Any]:
    return talk.govapi.get(f"/v1/matters/{code}")["matter"]


def show_guide(talk: Conversation, matter: dict[str, Any]) -> None:
    materials = ("、" if not talk.english else "; ").join(
        talk.pick(item.get("zh"), item.get("en")) for item in matter.get("materials", []))
    fee = matter.get("fee_yuan") or 0
    days = matter.get("time_limit_days") or 0
    how = (talk.line("utter_part_online", link=matter.get("link", "")) if matter.get("online")
           else talk.line("utter_part_offline"))
    talk.say("utter_matter_guide",
             name=talk.pick(matter.get("name_zh"), matter.get("name_en")),
             department=talk.pick(matter.get("department_zh"), matter.get("department_en")),
             materials=materials,
             fee=talk.line("utter_part_fee", fee=f"{fee:g}") if fee else talk.line("utter_part_fee_free"),
             days=(talk.line("utter_part_days", days=days, working_days=talk.working_days(days)) if days
                   else talk.line("utter_part_days_instant")),
             how=how)


def matter_buttons(talk: Conversation, matters: list[dict[str, Any]], intent: str) -> list[dict[str, str]]:
    return [{"title": talk.pick(m.get("name_zh"), m.get("name_en")),
             "payload": f'/{intent}{{"choice":"{m["code"]}"}}'} for m in matters]


def guide_intent(talk: Conversation, intent: str) -> str:
    """The guide for the matter(s) behind an intent; several matters are offered as buttons."""
    codes = MATTERS_OF_INTENT[intent]
    chosen = talk.tracker.get_latest_entity_values("choice")
    choice = next((c for c in chosen if c in codes), None)
    if choice is None and len(codes) > 1:
        matters = [fetch_matter(talk, code) for code in codes]
        talk.say("utter_matter_choose", buttons=matter_buttons(talk, matters, intent))
        return "done"
    matter = fetch_matter(talk, choice or codes[0])
    show_guide(talk, matter)
    if can_apply_in_chat(matter):
        say_filled(talk, "utter_offer_apply", intent=intent, code=matter["code"])
    elif not matter.get("online"):
        talk.say("utter_offer_booking")
    return "done"


def _score(text: str, matter: dict[str, Any]) -> float:
    name_zh = matter.get("name_zh", "")
    core = NOISE.sub("", text)
    score = 0.0
    if core:
        match = difflib.SequenceMatcher(None, core, name_zh).find_longest_match(0, len(core), 0, len(name_zh))
        score = match.size / max(2, min(len(core), len(name_zh))) if match.size >= 2 else 0.0
    words = {w for w in re.findall(r"[a-z]+", text.lower()) if w not in ENGLISH_NOISE}
    names = {w.rstrip("s") for w in re.findall(r"[a-z]+", matter.get("name_en", "").lower())}
    overlap = {w for w in words if w.rstrip("s") in names}
    if words:
        score = max(score, len(overlap) / len(words))
    return score


def search(talk: Conversation, text: str, limit: int = 3) -> list[dict[str, Any]]:
    """Catalogue matters that best fit free text, best first."""
    matters = talk.govapi.get("/v1/matters").get("matters", [])
    scored = sorted(((_score(text, m), m) for m in matters), key=lambda pair: -pair[0])
    best = [m for score, m in scored if score >= 0.5][:limit]
    return best


def service_guide(talk: Conversation) -> str:
    choice = next(talk.tracker.get_latest_entity_values("choice"), None)
    if choice:
        matter = fetch_matter(talk, choice)
    else:
        found = search(talk, talk.tracker.latest_message.get("text") or "")
        if not found:
            talk.say("utter_service_guide_unknown")
            return "done"
        if len(found) > 1 and _score(talk.tracker.latest_message.get("text") or "", found[0]) < 0.99:
            talk.say("utter_service_guide_pick", buttons=matter_buttons(talk, found, "service_guide"))
            return "done"
        matter = found[0]
    show_guide(talk, matter)
    if not matter.get("online"):
        talk.say("utter_offer_booking")
    return "done"


def resolve_matter(talk: Conversation, text: str) -> dict[str, Any] | None:
    found = search(talk, text, limit=1)
    return found[0] if found else None
