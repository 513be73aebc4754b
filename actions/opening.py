"""What the message that starts a request already says, read once so that no detour (verification,
a question in between, a language switch) loses it: the matter, hall, day and part of day of a
booking; the description, place and kind of a complaint. The forms then start filled and ask only
for what is missing."""
import difflib
import re
from typing import Any

from rasa_sdk import Tracker

from actions.complaints import MAX_TEXT, category_from
from actions.dates import date_from
from actions.divisions import place_from, place_name
from actions.replies import Conversation
from actions.wording import simplified

# "我要投诉"-style openings, which say that a complaint follows but not what it is about
PREAMBLE_ZH = re.compile(r"^(?:(?:你好|您好)[，,!！\s]*)?(?:我|俺)?(?:想|要|得|需要)?(?:向你们|跟你们)?"
                         r"(?:投诉|反映|反应|举报|反馈|报告|提个建议)(?:一下|下|个事|件事|一件事)?[：:，,。\s]*")
PREAMBLE_EN = re.compile(r"^(?:hi|hello)?[,!\s]*(?:i\s*(?:want|would like|'d like|need)\s+to\s+)?"
                         r"(?:complain|report|file a complaint|make a complaint)(?:\s+(?:about|that|a|an))?[:,\s]*",
                         re.IGNORECASE)
MIN_DESCRIPTION_ZH = 6   # "小区噪音" names a topic; "楼下饭店油烟太大" describes a problem
MIN_DESCRIPTION_EN = 4   # words
NAME_NOISE = ("居民", "申领", "办理", "登记")
ENGLISH_STOP = {"a", "an", "the", "of", "for", "to", "in", "at", "my", "i", "and", "on"}


def description_of(text: str) -> str | None:
    """The complaint a message describes, without its preamble; None when it only names a topic."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    # the preamble is found in the Simplified form; the description keeps the citizen's own characters
    preamble = len(simplified(text)) - len(PREAMBLE_ZH.sub("", simplified(text), count=1))
    rest = PREAMBLE_EN.sub("", text[preamble:], count=1).strip(" ，,。.")
    han = len(re.findall(r"[\u4e00-\u9fff]", rest))
    words = len(re.findall(r"[A-Za-z]+", rest))
    if han >= MIN_DESCRIPTION_ZH or (not han and words >= MIN_DESCRIPTION_EN):
        return rest[:MAX_TEXT]
    return None


def complaint_details(tracker: Tracker, text: str) -> dict[str, Any]:
    details: dict[str, Any] = {}
    description = description_of(text)
    if description:
        details["complaint_text"] = description
        category = category_from(tracker, simplified(description))
        if category:
            details["complaint_category"] = category
    place = place_from(tracker)
    if place:
        details["complaint_location"] = place_name(place)
    return details


def part_of_day(tracker: Tracker) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "date" and entity.get("part_of_day"):
            return str(entity["part_of_day"])
    return None


def _core(name: str) -> str:
    for noise in NAME_NOISE:
        name = name.replace(noise, "")
    return name


def _fit(text: str, matter: dict[str, Any]) -> float:
    """How much of the matter's name the text says (0..1)."""
    name = _core(matter.get("name_zh", ""))
    match = difflib.SequenceMatcher(None, text, name, autojunk=False).find_longest_match(0, len(text), 0, len(name))
    score = match.size / len(name) if match.size >= 3 and name else 0.0
    words = {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower())} - ENGLISH_STOP
    names = {w.rstrip("s") for w in re.findall(r"[a-z]+", matter.get("name_en", "").lower())} - ENGLISH_STOP
    if names and len(words & names) >= 2:
        score = max(score, len(words & names) / len(names))
    return score


def matters_named(talk: Conversation, text: str) -> list[str]:
    """The catalogue matters a message names, best first; several when it names them equally well."""
    if not text or text.startswith("/"):
        return []
    matters = talk.govapi.get("/v1/matters").get("matters", [])
    text = simplified(text)
    scored = sorted(((_fit(text, m), m["code"]) for m in matters), reverse=True)
    if not scored or scored[0][0] < 0.4:
        return []
    best = scored[0][0]
    return [code for score, code in scored if best - score < 0.01][:4]


def booking_details(talk: Conversation, text: str) -> dict[str, Any]:
    details: dict[str, Any] = {}
    named = matters_named(talk, text)
    if len(named) == 1:
        details["appointment_matter"] = named[0]
    elif named:
        details["matter_candidates"] = named
    place = place_from(talk.tracker)
    if place:
        details["appointment_place"] = place
    day = date_from(talk.tracker)
    if day:
        details["appointment_date"] = day.isoformat()
        details["appointment_part_of_day"] = part_of_day(talk.tracker)
    return details
