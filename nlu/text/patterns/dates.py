"""Dates in Chinese and English, resolved relative to ``today``.

Every date found has ``value`` = an ISO date (the first day of a range),
``tense`` (past / present / future, from the resolved dates against today),
``part_of_day`` when a time of day is named, and ``range`` =
``{"start", "end", "unit"}`` (inclusive ISO dates) for a span of days:
unit week, weekend, week_part, month, month_part (月初 1st–10th, 月中/中旬
11th–20th, 月底/下旬 21st–last; the end of next month) or days (前几天 /
a few days ago = the 7 days before today, 过几天 / in a few days = 2 to 7
days ahead).

Conventions (documented because people disagree about them):
  * 周三 / 星期三 / Wednesday / on Wednesday: the next Wednesday on or after
    today — unless the message speaks of the past (提交了, 去过, went,
    submitted, ago …), then the last one on or before today. The same
    holds for a bare 5号 and a month-day without a year (3月5号, March 5),
    and for 周末 / the weekend.
  * 这周三 / 本周三 / this Wednesday: the Wednesday of the current week
    (Monday starts a week), even if it has passed. 下周三 / next Wednesday:
    Wednesday of next week; 上周三: of last week; last Wednesday / this past
    Wednesday: the last Wednesday before today.
  * 上周 / last week, 这周 / this week, 下周 / next week: Monday to Sunday;
    这周末 / this weekend: Saturday and Sunday of the current week; 上个月 /
    last month …: the whole calendar month.
  * 3天前 / 2 weeks ago / two weeks back / in 3 days: a single day counted
    from today; 半个月前 = 15 days ago, 一个多月前 = a month ago.
  * 最近一周 / 近7天 / the past 2 weeks / the last few days: a range of days
    from that far back up to today; 这两天 / 这几天: today and the next 2 (3)
    days, or the 2 (3) days before up to today when the message speaks of the
    past.
  * monday next week / next week's Tuesday / friday of last week: that day of
    that Monday-based week; early / mid / late next month = 1st–10th,
    11th–20th, 21st–last.
  * 3月份 / 12月 / in March: that month, the next one to come (or the last
    one, when the message speaks of the past).
  * Years (今年, 明年, next year) and a bare 月底 are not dates: they name an
    insurance or pay period ("明年的医保", "月中还是月底发"), not a day.
  * 下个月10号 is the 10th of next month; 上个月10号 of last month;
    这个月底 the 21st to the last day of this month.
  * 昨晚 / last night = yesterday, evening; 今早 / this morning = today,
    morning; the value is the date only.
  * 国庆 / 春节 / 中秋 / Christmas …: the festival's own day (festivals.py),
    the next one to come or the last one past; 去年中秋 / last Christmas:
    that year's. 去年12月 / 2027年3月份 / December 2026: that month.
  * 12/10 and 12.10号 in a Chinese message: 10 December; in English only
    25/12 or 12/25, where one side is over 12; 12月10 needs no 号.
  * 下周初 / early next week: Monday to Wednesday; 这周中 / mid next week: Tuesday
    to Thursday; the end of the week / late next week: Thursday to Sunday.
    A fortnight is 14 days; the week before last is 上上周.
  * 明后天 / 今明两天: those two days; the next few days / the next 2 weeks:
    today and the days after it, as "the past 2 weeks" counts back.
    元月 is January; the first of December / December twenty-first count
    like the 1st of December.
Chinese numerals are read with cn2an, English month names with dateparser.
"""
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import cn2an
import dateparser

from nlu.text.found import Found
from nlu.text.patterns.festivals import EN_NAMES, ZH_NAMES, festival_day
from nlu.text.unicode_scripts import HAN_CHAR

DATE = "date"
TIMEZONE = ZoneInfo("Asia/Shanghai")
PAST, PRESENT, FUTURE = "past", "present", "future"
WEEK, WEEKEND, MONTH = "week", "weekend", "month"
MONTH_PART, WEEK_PART, DAYS = "month_part", "week_part", "days"


@dataclass(frozen=True)
class Resolved:
    start: dt.date
    end: dt.date | None = None  # inclusive; set for ranges only
    unit: str | None = None
    part_of_day: str | None = None


@dataclass(frozen=True)
class Context:
    today: dt.date
    speaks_of_past: bool
    chinese: bool  # the message has Han characters: 12/10 is month/day


_PART_OF_DAY_ZH = {
    "上午": "morning", "早上": "morning", "早晨": "morning", "一早": "morning", "中午": "noon",
    "下午": "afternoon", "午后": "afternoon", "傍晚": "evening", "晚上": "evening", "晚间": "evening",
    "夜里": "night", "半夜": "night", "凌晨": "night", "深夜": "night",
}
_PART_OF_DAY_EN = {
    "morning": "morning", "noon": "noon", "lunchtime": "noon", "afternoon": "afternoon",
    "evening": "evening", "night": "evening",
}
# word -> (days from today, part of day the word implies)
_RELATIVE_ZH = {
    "大后天": (3, None), "后天": (2, None), "明天": (1, None), "明日": (1, None),
    "明早": (1, "morning"), "明晚": (1, "evening"), "今天": (0, None), "今日": (0, None),
    "今早": (0, "morning"), "今晚": (0, "evening"), "今夜": (0, "night"), "昨天": (-1, None),
    "昨日": (-1, None), "昨晚": (-1, "evening"), "昨夜": (-1, "night"), "前天": (-2, None),
    "大前天": (-3, None), "明儿个": (1, None), "明儿": (1, None), "今儿个": (0, None), "今儿": (0, None),
    "昨儿个": (-1, None), "昨儿": (-1, None), "今个儿": (0, None), "明个儿": (1, None), "昨个儿": (-1, None),
    "后儿个": (2, None), "前儿个": (-2, None),
}
# 今明两天 / 明后天: the two days, as a range of days from today
_TWO_DAYS_ZH = {"今明": 0, "明后": 1}
_RELATIVE_EN = {
    "the day after tomorrow": (2, None), "day after tomorrow": (2, None), "tomorrow": (1, None),
    "tmrw": (1, None), "tmr": (1, None), "2moro": (1, None), "2morrow": (1, None),
    "tomorow": (1, None), "tommorow": (1, None), "tommorrow": (1, None),
    "today": (0, None), "tonight": (0, "evening"), "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"), "this evening": (0, "evening"), "earlier today": (0, None),
    "yesterday": (-1, None), "yday": (-1, None), "last night": (-1, "evening"), "tonite": (0, "evening"),
    "the day before yesterday": (-2, None), "day before yesterday": (-2, None),
}
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
               "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WEEKDAY_EN = {name: index for index, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
# "sat" and "sun" are left out: they are English words far more often.
_WEEKDAY_EN.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4})
_NUMBER_EN = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_ORDINAL_ONES_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_EN = {word: day for day, word in enumerate(_ORDINAL_ONES_EN, start=1)}
_ORDINAL_EN.update({word: day for day, word in enumerate(
    ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth"), start=10)})
_ORDINAL_EN.update({f"twenty{joint}{word}": 20 + day for day, word in enumerate(_ORDINAL_ONES_EN, start=1)
                    for joint in ("-", " ")})
_ORDINAL_EN.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_ORDINAL_WORD_EN = "|".join(sorted(_ORDINAL_EN, key=len, reverse=True))
_MONTHS_EN = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
              r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_CN_NUMBER = r"\d{1,2}|[一二三四五六七八九十两]{1,3}"
_YEAR_WORDS_ZH = {"前年": -2, "去年": -1, "今年": 0, "明年": 1, "后年": 2}
# A year said before a month: 2025年3月, 去年12月.
_YEAR_ZH = r"(?:(?P<year>\d{4})年|(?P<year_word>" + "|".join(_YEAR_WORDS_ZH) + "))?"

# The message speaks of something that already happened.
PAST_CUE = re.compile(
    r"上次|刚才|(?:提交|递交|申请|交|办|去|来|寄|打|报|问|拒|退|发|看)(?:了|过|的(?!话|时候))"
    r"|\b(?:ago|submitted|applied|sent|went|visited|filed|did|was|were|had|paid|called|came|told"
    r"|refused|rejected|happened|since)\b")

_ZH_PART = "(" + "|".join(_PART_OF_DAY_ZH) + ")?"
_EN_PART = r"(?:\s+(?:in\s+the\s+)?(" + "|".join(_PART_OF_DAY_EN) + "))?"
_ZH_WEEK_WORD = r"(?:周|星期|礼拜)"
_NOT_A_WEEK = r"(?![围边岁年期转])"

RELATIVE_ZH = re.compile("(" + "|".join(sorted(_RELATIVE_ZH, key=len, reverse=True)) + ")" + _ZH_PART)
WEEKDAY_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)?" + _ZH_WEEK_WORD + r"([一二三四五六日天1-7])"
                        + _ZH_PART)
WEEKEND_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)?周末")
WEEK_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)" + _ZH_WEEK_WORD + _NOT_A_WEEK)
MONTH_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)月(?![\d一二三四五六七八九十两份球])")
_MONTH_NUMBER_ZH = r"(1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十]|元)"  # 元月 = January
_MONTH_PARTS = {"初": (1, 10), "上旬": (1, 10), "中": (11, 20), "中旬": (11, 20), "下旬": (21, 31), "底": (21, 31),
                "末": (21, 31)}
MONTH_PART_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)月(初|上旬|中旬|中|下旬|底|末)")
NUMBERED_MONTH_PART_ZH = re.compile(r"(?<![\d一二三四五六七八九十])" + _YEAR_ZH + _MONTH_NUMBER_ZH
                                    + r"月份?(初|上旬|中旬|下旬|底|末)")
NUMBERED_MONTH_ZH = re.compile(r"(?<![\d一二三四五六七八九十上下这本个每几第])" + _YEAR_ZH + _MONTH_NUMBER_ZH
                               + r"月份?(?![\d一二三四五六七八九十两号日个度薪卡票租供饼亮球子])")
# 下周初 / 这周中 (周末 is the weekend, below)
WEEK_PART_ZH = re.compile(r"(上上个?|上个?|下下个?|下个?|这个?|本)" + _ZH_WEEK_WORD + r"(初|中(?![午心旬]))")
FEW_DAYS_ZH = re.compile(r"(前几天|前两天|前些天|前些日子|过两天|过几天|过些天)")
# Not after 满/够/足/第: 缴满6个月以后 is a condition, not a date.
COUNT_ZH = re.compile(r"(?<![\d满够足第])"
                      r"(\d{1,3}|[一二三四五六七八九十两]{1,3}|半(?=个月))多?(天|日|个?多?星期|个?多?礼拜|周|个多?月)"
                      r"(前|之前|以前|后|之后|以后)")
RECENT_ZH = re.compile(r"(?:最|(?<![附接靠将亲]))近(\d{1,3}|[一二三四五六七八九十两几]{1,3})"
                       r"(天|日|个?星期|个?礼拜|周|个月)")
THESE_DAYS_ZH = re.compile(r"这(两|几)天")
TWO_DAYS_ZH = re.compile("(" + "|".join(_TWO_DAYS_ZH) + ")两?天")
# The 号/日 may be left out after digits (12月10前), unless a count follows (3月5万).
MONTH_DAY_ZH = re.compile(
    _YEAR_ZH + r"(" + _CN_NUMBER + r"|元)月份?(" + _CN_NUMBER + r")"
    r"(?:[日号]|(?<=\d)(?![\d一二三四五六七八九十两个天元块人次万岁号日%多名位期]))" + _ZH_PART)
# 12/10 (month/day in a Chinese message; in English only when one side is over 12), 12.10号.
NUMERIC_MONTH_DAY = re.compile(r"(?<![\d./:-])(\d{1,2})(?:/(\d{1,2})[日号]?|\.(\d{1,2})[日号])(?![\d./:%-])")
MONTH_RELATIVE_DAY_ZH = re.compile(
    r"(上上个?月|上个?月|下下个?月|下个?月|这个?月|本月)(" + _CN_NUMBER + r")[日号]" + _ZH_PART)
DAY_ONLY_ZH = re.compile(r"(?<![月\d])(\d{1,2}|[一二三四五六七八九十]{1,3})号(?![线楼门窗房院馆位])" + _ZH_PART)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)")
RELATIVE_EN = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in sorted(_RELATIVE_EN, key=len, reverse=True)) + r")\b" + _EN_PART)
_WEEKDAY_WORD_EN = "|".join(sorted(_WEEKDAY_EN, key=len, reverse=True))
WEEKDAY_EN = re.compile(
    r"\b(?:(next|this|last|this\s+past|coming|this\s+coming)\s+)?(" + _WEEKDAY_WORD_EN + r")\b\.?" + _EN_PART)
DAY_ONLY_EN = re.compile(r"(?:\bthe\s+|(?<=\bon ))(\d{1,2})(?:st|nd|rd|th)\b")
PERIOD_EN = re.compile(r"\bthe\s+(?P<after_next>week|month)\s+after\s+next\b"
                       r"|\bthe\s+(?P<before_last>week|weekend|month)\s+before\s+last\b"
                       r"|\b(?:(?P<modifier>this\s+coming|this\s+past|last|past|this|next|coming|the)\s+)?"
                       r"(?P<unit>week|weekend|month)\b")
_MONTH_NAMES_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")
_MONTH_WORD_EN = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                  r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
NAMED_MONTH_EN = re.compile(r"\b(?:(last|next|this)\s+" + _MONTH_WORD_EN
                            + r"|(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )"
                            r"|(?<=\bduring )|(?<=\bby )|(?<=\bearly )|(?<=\blate )|(?<=\bmid ))"
                            + _MONTH_WORD_EN + r")\b(?!\s+\d)")
FEW_DAYS_EN = re.compile(r"\b(?:(?:a\s+few|a\s+couple\s+of|couple\s+of|few)\s+days\s+(ago)|the\s+other\s+(day)"
                         r"|in\s+a\s+(?:few|couple\s+of)\s+(days))\b")
PART_OF_PERIOD_EN = re.compile(r"\b(?:(?:the\s+)?(end|beginning|start|middle)\s+of|(early|mid|late|later|earlier))"
                               r"[\s-]+(?:(the|this|next|last)\s+)?(week|month)\b")
COUNT_EN = re.compile(r"\b(?:(in)\s+)?(\d{1,3}|" + "|".join(_NUMBER_EN) + r")\s+(day|week|fortnight|month)s?"
                      r"(?:\s+(ago|back|from\s+now|later))?\b")
DAY_SPAN_EN = re.compile(r"\bthe\s+(past|last|next|coming)\s+(\d{1,3}|few|couple\s+of|" + "|".join(_NUMBER_EN)
                         + r")\s+(day|week|month)s\b")
WEEKDAY_OF_WEEK_EN = re.compile(
    r"\b(?:(?P<day>" + _WEEKDAY_WORD_EN + r")\.?\s+(?:of\s+)?(?P<week>next|this|last)\s+week"
    r"|(?P<week_first>next|this|last)\s+week(?:'s)?\s+(?:on\s+)?(?P<day_after>" + _WEEKDAY_WORD_EN + r"))\b"
    + _EN_PART)
_NOT_A_FESTIVAL = r"(?!路|街|道|桥|村|镇|区|广场|大厦|小学|中学)"  # 五一路, 国庆小学
FESTIVAL_ZH = re.compile(_YEAR_ZH + "(" + "|".join(ZH_NAMES) + ")" + _NOT_A_FESTIVAL + _ZH_PART)
FESTIVAL_EN = re.compile(r"\b(?:(this|last|next)\s+)?(" + "|".join(
    re.escape(name).replace("'", "['’]?") for name in EN_NAMES) + r")\b" + _EN_PART)
MONTH_YEAR_EN = re.compile(r"\b" + _MONTH_WORD_EN + r"\.?,?\s+(\d{4})\b")
MONTH_RELATIVE_DAY_EN = re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+of\s+(this|next|last)\s+month\b")
_DAY_OF_MONTH_EN = r"(?:\d{1,2}(?:st|nd|rd|th)?|" + _ORDINAL_WORD_EN + ")"  # 5, 5th, fifth
MONTH_DAY_EN = re.compile(
    r"\b(?:the\s+)?(?:(?:" + _MONTHS_EN + r")\.?\s+" + _DAY_OF_MONTH_EN + r"|" + _DAY_OF_MONTH_EN
    + r"\s+(?:of\s+)?(?:" + _MONTHS_EN + r"))\b(?:,?\s+\d{4}\b)?")
ORDINAL_WORD_EN = re.compile(r"\b(?:" + _ORDINAL_WORD_EN + r")\b")


def today_in_china() -> dt.date:
    return dt.datetime.now(TIMEZONE).date()


def _number(text: str) -> int:
    return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_range(first: dt.date) -> Resolved:
    return Resolved(first, _add_months(first, 1) - dt.timedelta(days=1), MONTH)


def _steps(modifier: str) -> int:
    """上/上个 -1, 上上 -2, 下 +1, 下下 +2, 这/本/this 0 (Chinese or English)."""
    modifier = modifier or ""
    if modifier.startswith(("上上",)):
        return -2
    if modifier.startswith(("上", "last", "past")):
        return -1
    if modifier.startswith("下下") or modifier in ("the week after next", "the month after next"):
        return 2
    if modifier.startswith(("下", "next", "coming")):
        return 1
    return 0


def _nearest_weekday(context: Context, weekday: int) -> dt.date:
    today = context.today
    if context.speaks_of_past:
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def _weekday_date(context: Context, weekday: int, modifier: str) -> dt.date:
    modifier = re.sub(r"\s+", " ", modifier or "")
    if modifier in ("last", "this past"):
        return context.today - dt.timedelta(days=(context.today.weekday() - weekday - 1) % 7 + 1)
    if modifier in ("", "coming", "this coming"):
        return _nearest_weekday(context, weekday)
    return _monday(context.today) + dt.timedelta(weeks=_steps(modifier), days=weekday)


def _weekend(context: Context, modifier: str) -> Resolved:
    if modifier:
        saturday = _monday(context.today) + dt.timedelta(weeks=_steps(modifier), days=5)
    else:
        saturday = _nearest_weekday(context, 5)
    return Resolved(saturday, saturday + dt.timedelta(days=1), WEEKEND)


def _week(context: Context, steps: int) -> Resolved:
    monday = _monday(context.today) + dt.timedelta(weeks=steps)
    return Resolved(monday, monday + dt.timedelta(days=6), WEEK)


def _nearest_yearly(context: Context, day_in: Callable[[int], dt.date | None]) -> dt.date | None:
    """A day that comes once a year (3月5号, 中秋): this year's, or the next one to come, or
    the last one past when the message speaks of the past."""
    year = context.today.year
    candidate = day_in(year)
    if candidate and context.speaks_of_past and candidate > context.today:
        return day_in(year - 1)
    if candidate and not context.speaks_of_past and candidate < context.today:
        return day_in(year + 1)
    return candidate


def _nearest_month_day(context: Context, month: int, day: int) -> dt.date | None:
    return _nearest_yearly(context, lambda year: _safe_date(year, month, day))


def _count_from_today(today: dt.date, amount: int, unit: str) -> dt.date:
    if unit.endswith("月") or unit == "month":
        first = _add_months(today, amount)
        last_day = (_add_months(first, 1) - dt.timedelta(days=1)).day
        return first.replace(day=min(today.day, last_day))
    days_per_unit = {"天": 1, "日": 1, "day": 1, "fortnight": 14}.get(unit, 7)
    return today + dt.timedelta(days=amount * days_per_unit)


def _relative_zh(match, context):
    days, implied_part = _RELATIVE_ZH[match.group(1)]
    return Resolved(context.today + dt.timedelta(days=days),
                    part_of_day=_PART_OF_DAY_ZH.get(match.group(2)) or implied_part)


def _weekday_zh(match, context):
    date = _weekday_date(context, _WEEKDAY_ZH[match.group(2)], match.group(1) or "")
    return Resolved(date, part_of_day=_PART_OF_DAY_ZH.get(match.group(3)))


def _weekend_zh(match, context):
    return _weekend(context, match.group(1) or "")


def _week_zh(match, context):
    return _week(context, _steps(match.group(1)))


def _month_zh(match, context):
    return _month_range(_add_months(context.today, _steps(match.group(1))))


def _month_part(first: dt.date, part: str) -> Resolved:
    start_day, end_day = _MONTH_PARTS[part]
    last_day = (_add_months(first, 1) - dt.timedelta(days=1)).day
    return Resolved(first.replace(day=start_day), first.replace(day=min(end_day, last_day)), MONTH_PART)


# 初 / early: Monday to Wednesday; 中 / mid: Tuesday to Thursday; end / late: Thursday to Sunday.
_WEEK_PARTS = {"初": (0, 2), "中": (1, 3), "底": (3, 6)}


def _week_part(monday: dt.date, part: str) -> Resolved:
    first, last = _WEEK_PARTS[part]
    return Resolved(monday + dt.timedelta(days=first), monday + dt.timedelta(days=last), WEEK_PART)


def _week_part_zh(match, context):
    return _week_part(_week(context, _steps(match.group(1))).start, match.group(2))


def _said_year(match, context: Context) -> int | None:
    """The year said before a month or a festival (2025年, 去年), if any."""
    if match.group("year"):
        return int(match.group("year"))
    word = match.group("year_word")
    return context.today.year + _YEAR_WORDS_ZH[word] if word else None


def _month_number(text: str) -> int:
    return 1 if text == "元" else _number(text.lstrip("0") or text)


def _nearest_month(context: Context, month: int) -> dt.date:
    """The first day of ``month`` this year, or the year the message points to."""
    year = context.today.year
    if context.speaks_of_past and month > context.today.month:
        year -= 1
    elif not context.speaks_of_past and month < context.today.month:
        year += 1
    return dt.date(year, month, 1)


def _month_part_zh(match, context):
    modifier, part = match.group(1) or "", match.group(2) or match.group(3)
    return _month_part(_add_months(context.today, _steps(modifier)), part)


def _month_of(match, context: Context, month: int) -> dt.date | None:
    """The first day of ``month`` in the year said, or the nearest one."""
    if not 1 <= month <= 12:
        return None
    year = _said_year(match, context)
    return dt.date(year, month, 1) if year else _nearest_month(context, month)


def _numbered_month_part_zh(match, context):
    first = _month_of(match, context, _month_number(match.group(3)))
    return first and _month_part(first, match.group(4))


def _numbered_month_zh(match, context):
    first = _month_of(match, context, _month_number(match.group(3)))
    return first and _month_range(first)


def _few_days(context: Context, past: bool) -> Resolved:
    if past:
        return Resolved(context.today - dt.timedelta(days=7), context.today - dt.timedelta(days=1), DAYS)
    return Resolved(context.today + dt.timedelta(days=2), context.today + dt.timedelta(days=7), DAYS)


def _few_days_zh(match, context):
    return _few_days(context, past=match.group(1).startswith("前"))


def _few_days_en(match, context):
    return _few_days(context, past=not match.group(3))


def _named_month_en(match, context):
    name = match.group(2) or match.group(3)
    month = next(i for i, full in enumerate(_MONTH_NAMES_EN, start=1) if full.startswith(name[:3]))
    modifier = match.group(1)
    if modifier in ("last", "next"):
        year = context.today.year + (-1 if modifier == "last" else 1)
        if modifier == "last" and month < context.today.month or modifier == "next" and month > context.today.month:
            year = context.today.year  # last March said in November: this year's
        return _month_range(dt.date(year, month, 1))
    if modifier == "this":
        return _month_range(dt.date(context.today.year, month, 1))
    return _month_range(_nearest_month(context, month))


def _part_of_period_en(match, context):
    part = {"end": "底", "beginning": "初", "start": "初", "middle": "中", "early": "初", "earlier": "初", "mid": "中",
            "late": "底", "later": "底"}[match.group(1) or match.group(2)]
    steps = {"next": 1, "last": -1}.get(match.group(3) or "", 0)
    if match.group(4) == WEEK:
        return _week_part(_week(context, steps).start, part)
    return _month_part(_add_months(context.today, steps), part)


def _count_zh(match, context):
    sign = -1 if match.group(3).endswith("前") else 1
    if match.group(1) == "半":  # 半个月
        return Resolved(context.today + dt.timedelta(days=sign * 15))
    unit = match.group(2).replace("个", "").replace("多", "")  # 一个多月前: about a month
    return Resolved(_count_from_today(context.today, sign * _number(match.group(1)), unit))


def _days_up_to_today(context: Context, amount: int, unit: str) -> Resolved:
    return Resolved(_count_from_today(context.today, -amount, unit), context.today, DAYS)


def _recent_zh(match, context):
    amount = 3 if match.group(1) == "几" else _number(match.group(1))
    return _days_up_to_today(context, amount, match.group(2).replace("个", ""))


def _these_days_zh(match, context):
    days = 2 if match.group(1) == "两" else 3
    if context.speaks_of_past:
        return Resolved(context.today - dt.timedelta(days=days), context.today, DAYS)
    return Resolved(context.today, context.today + dt.timedelta(days=days), DAYS)


def _two_days_zh(match, context):
    first = context.today + dt.timedelta(days=_TWO_DAYS_ZH[match.group(1)])
    return Resolved(first, first + dt.timedelta(days=1), DAYS)


def _month_day_zh(match, context):
    month, day = _month_number(match.group(3)), _number(match.group(4))
    year = _said_year(match, context)
    date = _safe_date(year, month, day) if year else _nearest_month_day(context, month, day)
    return date and Resolved(date, part_of_day=_PART_OF_DAY_ZH.get(match.group(5)))


def _numeric_month_day(match, context):
    first, second = int(match.group(1)), int(match.group(2) or match.group(3))
    if context.chinese or match.group(3):
        month, day = first, second
    elif (first > 12) != (second > 12) or first == second:  # 25/12, 12/25, 12/12: one reading
        month, day = min(first, second), max(first, second)
    else:
        return None
    date = 1 <= month <= 12 and _nearest_month_day(context, month, day)
    return date and Resolved(date) or None


def _nearest_festival(context: Context, name: str, steps: int | None) -> dt.date | None:
    """The day of festival ``name``: the last one past (steps < 0, last
    Christmas), the next to come (steps > 0), or with no steps the nearest."""
    if steps is not None:
        context = replace(context, speaks_of_past=steps < 0)
    return _nearest_yearly(context, lambda year: festival_day(name, year))


def _festival_zh(match, context):
    year = _said_year(match, context)
    name = match.group(3)
    day = festival_day(name, year) if year else _nearest_festival(context, name, None)
    return day and Resolved(day, part_of_day=_PART_OF_DAY_ZH.get(match.group(4)))


def _festival_en(match, context):
    name = match.group(2).replace("’", "'")
    steps = {"last": -1, "next": 1, "this": 0}.get(match.group(1) or "")
    day = festival_day(name, context.today.year) if steps == 0 else _nearest_festival(context, name, steps)
    return day and Resolved(day, part_of_day=_PART_OF_DAY_EN.get(match.group(3) or ""))


def _month_year_en(match, context):
    month = next(i for i, full in enumerate(_MONTH_NAMES_EN, start=1) if full.startswith(match.group(1)[:3]))
    return _month_range(dt.date(int(match.group(2)), month, 1))


def _month_relative_day_en(match, context):
    first = _add_months(context.today, _steps(match.group(2)))
    date = _safe_date(first.year, first.month, int(match.group(1)))
    return date and Resolved(date)


def _month_relative_day_zh(match, context):
    first = _add_months(context.today, _steps(match.group(1)))
    date = _safe_date(first.year, first.month, _number(match.group(2)))
    return date and Resolved(date, part_of_day=_PART_OF_DAY_ZH.get(match.group(3)))


def _nearest_day_of_month(context: Context, day: int) -> dt.date | None:
    today = context.today
    date = _safe_date(today.year, today.month, day)
    if date and date < today and not context.speaks_of_past:
        following = _add_months(today, 1)
        date = _safe_date(following.year, following.month, day)
    elif date and date > today and context.speaks_of_past:
        previous = _add_months(today, -1)
        date = _safe_date(previous.year, previous.month, day)
    return date


def _day_only_zh(match, context):
    date = _nearest_day_of_month(context, _number(match.group(1)))
    return date and Resolved(date, part_of_day=_PART_OF_DAY_ZH.get(match.group(2)))


def _day_only_en(match, context):
    date = _nearest_day_of_month(context, int(match.group(1)))
    return date and Resolved(date)


def _iso(match, context):
    date = _safe_date(*(int(group) for group in match.groups()))
    return date and Resolved(date)


def _relative_en(match, context):
    days, implied_part = _RELATIVE_EN[re.sub(r"\s+", " ", match.group(1))]
    return Resolved(context.today + dt.timedelta(days=days),
                    part_of_day=_PART_OF_DAY_EN.get(match.group(2) or "") or implied_part)


def _weekday_en(match, context):
    date = _weekday_date(context, _WEEKDAY_EN[match.group(2)], match.group(1) or "")
    return Resolved(date, part_of_day=_PART_OF_DAY_EN.get(match.group(3) or ""))


def _period_en(match, context):
    if match.group("after_next"):
        steps, unit = 2, match.group("after_next")
    elif match.group("before_last"):
        steps, unit = -2, match.group("before_last")
        if unit == WEEKEND:
            return _weekend(context, "上上")
    else:
        modifier, unit = re.sub(r"\s+", " ", match.group("modifier") or ""), match.group("unit")
        modifier = {"this coming": "coming", "this past": "last"}.get(modifier, modifier)
        if unit == WEEKEND:
            return _weekend(context, "" if modifier in ("the", "coming") else modifier)
        if modifier in ("", "the"):
            return None  # "the week" / "a month" name no date
        steps = _steps(modifier)
    if unit == WEEK:
        return _week(context, steps)
    return _month_range(_add_months(context.today, steps))


def _count_en(match, context):
    ahead, amount, unit, direction = match.group(1), match.group(2), match.group(3), match.group(4)
    if not ahead and not direction:
        return None  # "3 days" is a duration, not a date
    past = direction in ("ago", "back")
    if ahead and past:
        return None
    number = int(amount) if amount.isdigit() else _NUMBER_EN[amount]
    sign = -1 if past else 1
    return Resolved(_count_from_today(context.today, sign * number, unit))


def _day_span_en(match, context):
    """the past 2 weeks: from that far back up to today; the next few days: from today on."""
    amount = match.group(2)
    if amount.isdigit():
        number = int(amount)
    else:
        number = 3 if amount == "few" else 2 if amount.startswith("couple") else _NUMBER_EN[amount]
    if match.group(1) in ("next", "coming"):
        return Resolved(context.today, _count_from_today(context.today, number, match.group(3)), DAYS)
    return _days_up_to_today(context, number, match.group(3))


def _weekday_of_week_en(match, context):
    weekday = _WEEKDAY_EN[match.group("day") or match.group("day_after")]
    steps = _steps(match.group("week") or match.group("week_first"))
    date = _monday(context.today) + dt.timedelta(weeks=steps, days=weekday)
    return Resolved(date, part_of_day=_PART_OF_DAY_EN.get(match.group(5) or ""))


def _month_day_en(match, context):
    base = dt.datetime.combine(context.today, dt.time(12))
    prefer = "past" if context.speaks_of_past else "future"
    text = ORDINAL_WORD_EN.sub(lambda word: str(_ORDINAL_EN[word.group()]), re.sub(r"^the\s+", "", match.group()))
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer},
    )
    return parsed and Resolved(parsed.date())


Resolver = Callable[[re.Match, Context], Resolved | None]
# Longer, more specific forms first; later overlapping matches are dropped.
_RULES: tuple[tuple[re.Pattern, Resolver], ...] = (
    (ISO_DATE, _iso),
    (NUMERIC_MONTH_DAY, _numeric_month_day),
    (FESTIVAL_ZH, _festival_zh),
    (FESTIVAL_EN, _festival_en),
    (MONTH_DAY_ZH, _month_day_zh),
    (MONTH_RELATIVE_DAY_ZH, _month_relative_day_zh),
    (MONTH_RELATIVE_DAY_EN, _month_relative_day_en),
    (MONTH_DAY_EN, _month_day_en),
    (MONTH_YEAR_EN, _month_year_en),
    (NUMBERED_MONTH_PART_ZH, _numbered_month_part_zh),
    (MONTH_PART_ZH, _month_part_zh),
    (FEW_DAYS_ZH, _few_days_zh),
    (FEW_DAYS_EN, _few_days_en),
    (PART_OF_PERIOD_EN, _part_of_period_en),
    (COUNT_ZH, _count_zh),
    (RECENT_ZH, _recent_zh),
    (THESE_DAYS_ZH, _these_days_zh),
    (TWO_DAYS_ZH, _two_days_zh),
    (DAY_SPAN_EN, _day_span_en),
    (COUNT_EN, _count_en),
    (WEEKDAY_OF_WEEK_EN, _weekday_of_week_en),
    (WEEKEND_ZH, _weekend_zh),
    (WEEKDAY_ZH, _weekday_zh),
    (WEEK_PART_ZH, _week_part_zh),
    (WEEK_ZH, _week_zh),
    (MONTH_ZH, _month_zh),
    (NUMBERED_MONTH_ZH, _numbered_month_zh),
    (NAMED_MONTH_EN, _named_month_en),
    (RELATIVE_EN, _relative_en),
    (WEEKDAY_EN, _weekday_en),
    (PERIOD_EN, _period_en),
    (RELATIVE_ZH, _relative_zh),
    (DAY_ONLY_ZH, _day_only_zh),
    (DAY_ONLY_EN, _day_only_en),
)


def tense_of(resolved: Resolved, today: dt.date) -> str:
    if (resolved.end or resolved.start) < today:
        return PAST
    return FUTURE if resolved.start > today else PRESENT


def date_details(resolved: Resolved, today: dt.date) -> dict[str, object]:
    """The keys the entity carries beside its ISO ``value``."""
    details: dict[str, object] = {"tense": tense_of(resolved, today)}
    if resolved.part_of_day:
        details["part_of_day"] = resolved.part_of_day
    if resolved.end:
        details["range"] = {"start": resolved.start.isoformat(), "end": resolved.end.isoformat(),
                            "unit": resolved.unit}
    return details


def find_dates(normalised_text: str, today: dt.date | None = None) -> list[Found]:
    context = Context(today or today_in_china(), bool(PAST_CUE.search(normalised_text)),
                      bool(HAN_CHAR.search(normalised_text)))
    found: list[Found] = []
    for pattern, resolve in _RULES:
        for match in pattern.finditer(normalised_text):
            candidate_span = Found(DATE, None, match.start(), match.end())
            if any(candidate_span.overlaps(other) for other in found):
                continue
            resolved = resolve(match, context)
            if resolved is None:
                continue
            found.append(Found(DATE, resolved.start.isoformat(), match.start(), match.end(),
                               date_details(resolved, context.today)))
    return sorted(found, key=lambda item: item.start)
