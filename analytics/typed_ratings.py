"""A rating typed instead of tapped ("满意", "五星", "5分", "it was ok", "no thanks"): the score it
reads as, or None. The whole message must be one of these phrases, so that a request typed while a
rating is being asked is never taken for one."""
import re
import unicodedata
from functools import lru_cache

import opencc

from analytics.questions import NO_THANKS

_PHRASES = {
    5: ("很满意", "非常满意", "特别满意", "超级满意", "十分满意", "好评", "非常好", "很好",
        "very satisfied", "very good", "excellent", "great", "perfect"),
    4: ("满意", "比较满意", "还算满意", "挺满意", "不错", "挺好", "还不错", "satisfied", "good", "quite good",
        "not bad"),
    # a bare "ok" or "fine" acknowledges the answer more often than it rates it: not a rating
    3: ("一般", "一般般", "还行", "还可以", "凑合", "中评", "neutral", "it was ok", "it was okay", "so so", "so-so",
        "average"),
    2: ("不满意", "不太满意", "不大满意", "差", "不好", "dissatisfied", "not satisfied", "bad", "poor"),
    1: ("很不满意", "非常不满意", "特别不满意", "差评", "很差", "太差", "非常差", "很差劲", "太差了",
        "very dissatisfied", "very bad", "terrible", "awful", "horrible"),
    NO_THANKS: ("不用了", "不用", "不评了", "不评价", "算了", "no thanks", "no thank you", "no, thanks", "skip"),
}
_SCORES = {phrase: score for score, phrases in _PHRASES.items() for phrase in phrases}
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
# "5", "5分", "五星", "4颗星", "3 stars", "4/5"
_NUMBER = re.compile(r"^([1-5一二两三四五])\s*(?:分|星|颗星|stars?|/\s*5)?$")
_FILLERS = re.compile(r"^(?:我觉得|我感觉|感觉|我|it's|it is|i'm|i am)\s*")
_TRAILING = re.compile(r"[\s!！.。~～,，啊呀哦吧]+$")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _plain(text: str) -> str:
    """Half-width, Simplified, lower-cased: 滿意, ５分 and "Very Good" read as 满意, 5分, "very good"."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).casefold()


def typed_score(text: str) -> int | None:
    """1-5 for a typed rating, NO_THANKS for a typed "no thanks", None for anything else."""
    typed = _TRAILING.sub("", _plain(text or "").strip())
    for candidate in (typed, _FILLERS.sub("", typed)):
        if candidate in _SCORES:
            return _SCORES[candidate]
        number = _NUMBER.match(candidate)
        if number:
            digit = number.group(1)
            return int(digit) if digit.isdigit() else _NUMERALS[digit]
    return None
