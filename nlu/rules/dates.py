"""Dates in Chinese and English, resolved to ISO dates relative to ``today``.

Conventions (documented because people disagree about them):
  * 周三 / 星期三 / Wednesday / on Wednesday / this coming Wednesday: the next
    Wednesday on or after today.
  * 这周三 / 本周三 / this Wednesday: the Wednesday of the current week (Monday
    starts a week), even if it has passed.
  * 下周三 / 下星期三 / next Wednesday: the Wednesday of next week.
  * A month and day without a year (3月5号, March 5) that has already passed
    this year means next year; 5号 alone means this month, or next month once
    the day has passed.
  * 下个月10号 is the 10th of next month; 这个月10号 of this month.
  * A time of day (后天上午, tomorrow morning) is kept in ``part_of_day``; the
    value is the date only.
Chinese numerals are read with cn2an, English month names with dateparser.
"""
import datetime as dt
import re
from typing import Callable, List, Optional, Tuple
from zoneinfo import ZoneInfo

import cn2an
import dateparser

from nlu.rules import Found

DATE = "date"
TIMEZONE = ZoneInfo("Asia/Shanghai")

_PART_OF_DAY_ZH = {
    "上午": "morning", "早上": "morning", "早晨": "morning", "中午": "noon",
    "下午": "afternoon", "傍晚": "evening", "晚上": "evening",
}
_PART_OF_DAY_EN = {
    "morning": "morning", "noon": "noon", "afternoon": "afternoon",
    "evening": "evening", "night": "evening",
}
_RELATIVE_ZH = {
    "大后天": 3, "后天": 2, "明天": 1, "明日": 1, "明早": 1, "明晚": 1,
    "今天": 0, "今日": 0, "今早": 0, "今晚": 0, "昨天": -1, "前天": -2,
}
_RELATIVE_EN = {
    "the day after tomorrow": 2, "day after tomorrow": 2, "tomorrow": 1,
    "today": 0, "tonight": 0, "yesterday": -1,
}
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
               "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WEEKDAY_EN = {name: index for index, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_MONTHS_EN = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
              r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_CN_NUMBER = r"\d{1,2}|[一二三四五六七八九十两]{1,3}"

_ZH_PART = "(" + "|".join(_PART_OF_DAY_ZH) + ")?"
_EN_PART = r"(?:\s+(?:in\s+the\s+)?(" + "|".join(_PART_OF_DAY_EN) + "))?"

RELATIVE_ZH = re.compile("(" + "|".join(_RELATIVE_ZH) + ")" + _ZH_PART)
WEEKDAY_ZH = re.compile(r"(下下个?|下个?|这个?|本|上个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])" + _ZH_PART)
MONTH_DAY_ZH = re.compile(
    r"(?:(\d{4})年)?(" + _CN_NUMBER + r")月份?(" + _CN_NUMBER + r")[日号]" + _ZH_PART)
MONTH_RELATIVE_DAY_ZH = re.compile(
    r"(下下个?月|下个?月|这个?月|本月)(" + _CN_NUMBER + r")[日号]" + _ZH_PART)
DAY_ONLY_ZH = re.compile(r"(?<![月\d])(\d{1,2}|[一二三四五六七八九十]{1,3})号(?![线楼门窗房院馆位])" + _ZH_PART)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)")
RELATIVE_EN = re.compile(r"\b(" + "|".join(_RELATIVE_EN) + r")\b" + _EN_PART)
WEEKDAY_EN = re.compile(
    r"\b(?:(next|this|coming|this\s+coming)\s+)?(" + "|".join(_WEEKDAY_EN) + r")\b" + _EN_PART)
MONTH_DAY_EN = re.compile(
    r"\b(?:the\s+)?(?:(?:" + _MONTHS_EN + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:"
    + _MONTHS_EN + r"))\b(?:,?\s+\d{4}\b)?")


def today_in_china() -> dt.date:
    return dt.datetime.now(TIMEZONE).date()


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _safe_date(year: int, month: int, day: int) -> Optional[dt.date]:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_date(today: dt.date, weekday: int, modifier: str) -> dt.date:
    monday = today - dt.timedelta(days=today.weekday())
    if modifier.startswith("下下"):
        return monday + dt.timedelta(weeks=2, days=weekday)
    if modifier.startswith(("下", "next")):
        return monday + dt.timedelta(weeks=1, days=weekday)
    if modifier.startswith("上"):
        return monday - dt.timedelta(weeks=1) + dt.timedelta(days=weekday)
    if modifier in ("这", "这个", "本", "this"):
        return monday + dt.timedelta(days=weekday)
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _upcoming_month_day(today: dt.date, month: int, day: int) -> Optional[dt.date]:
    candidate = _safe_date(today.year, month, day)
    if candidate and candidate < today:
        candidate = _safe_date(today.year + 1, month, day)
    return candidate


def _relative_zh(match, today):
    return today + dt.timedelta(days=_RELATIVE_ZH[match.group(1)]), _PART_OF_DAY_ZH.get(match.group(2))


def _weekday_zh(match, today):
    date = _weekday_date(today, _WEEKDAY_ZH[match.group(2)], match.group(1) or "")
    return date, _PART_OF_DAY_ZH.get(match.group(3))


def _month_day_zh(match, today):
    month, day = _number(match.group(2)), _number(match.group(3))
    if match.group(1):
        date = _safe_date(int(match.group(1)), month, day)
    else:
        date = _upcoming_month_day(today, month, day)
    return date, _PART_OF_DAY_ZH.get(match.group(4))


def _month_relative_day_zh(match, today):
    months_ahead = 2 if match.group(1).startswith("下下") else 1 if match.group(1).startswith("下") else 0
    first = today.replace(day=1)
    for _ in range(months_ahead):
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return _safe_date(first.year, first.month, _number(match.group(2))), _PART_OF_DAY_ZH.get(match.group(3))


def _day_only_zh(match, today):
    day = _number(match.group(1))
    date = _safe_date(today.year, today.month, day)
    if date and date < today:
        next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        date = _safe_date(next_month.year, next_month.month, day)
    return date, _PART_OF_DAY_ZH.get(match.group(2))


def _iso(match, today):
    return _safe_date(*(int(group) for group in match.groups())), None


def _relative_en(match, today):
    part = _PART_OF_DAY_EN.get(match.group(2) or "")
    if match.group(1) == "tonight":
        part = "evening"
    return today + dt.timedelta(days=_RELATIVE_EN[match.group(1)]), part


def _weekday_en(match, today):
    modifier = re.sub(r"\s+", " ", match.group(1) or "")
    if modifier in ("coming", "this coming"):
        modifier = ""
    date = _weekday_date(today, _WEEKDAY_EN[match.group(2)], modifier)
    return date, _PART_OF_DAY_EN.get(match.group(3) or "")


def _month_day_en(match, today):
    base = dt.datetime.combine(today, dt.time(12))
    parsed = dateparser.parse(
        re.sub(r"^the\s+", "", match.group()), languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"},
    )
    return (parsed.date() if parsed else None), None


Resolver = Callable[[re.Match, dt.date], Tuple[Optional[dt.date], Optional[str]]]
# Longer, more specific forms first; later overlapping matches are dropped.
_RULES: Tuple[Tuple[re.Pattern, Resolver], ...] = (
    (ISO_DATE, _iso),
    (MONTH_DAY_ZH, _month_day_zh),
    (MONTH_RELATIVE_DAY_ZH, _month_relative_day_zh),
    (MONTH_DAY_EN, _month_day_en),
    (WEEKDAY_ZH, _weekday_zh),
    (WEEKDAY_EN, _weekday_en),
    (RELATIVE_ZH, _relative_zh),
    (RELATIVE_EN, _relative_en),
    (DAY_ONLY_ZH, _day_only_zh),
)


def find_dates(normalised_text: str, today: Optional[dt.date] = None) -> List[Found]:
    today = today or today_in_china()
    found: List[Found] = []
    for pattern, resolve in _RULES:
        for match in pattern.finditer(normalised_text):
            candidate_span = Found(DATE, None, match.start(), match.end())
            if any(candidate_span.overlaps(other) for other in found):
                continue
            date, part_of_day = resolve(match, today)
            if date is None:
                continue
            extra = {"part_of_day": part_of_day} if part_of_day else {}
            found.append(Found(DATE, date.isoformat(), match.start(), match.end(), extra))
    return sorted(found, key=lambda item: item.start)
