"""Festivals and public holidays by name, in Chinese and English, and the day
each falls on in a given year. Lunar festivals (春节, 端午, 中秋 …) and the
solar term 清明 come from lunar_python; the value is the festival's own day
(国庆 = 1 October), not the official days off, which the State Council sets
anew each year."""
import datetime as dt
from collections.abc import Callable

from lunar_python import Lunar


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def _lunar(month: int, day: int) -> Callable[[int], dt.date]:
    def solar(year: int) -> dt.date:
        found = Lunar.fromYmd(year, month, day).getSolar()
        return dt.date(found.getYear(), found.getMonth(), found.getDay())
    return solar


def _lunar_new_year_eve(year: int) -> dt.date:
    return _lunar(1, 1)(year) - dt.timedelta(days=1)


def _qingming(year: int) -> dt.date:
    term = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return dt.date(term.getYear(), term.getMonth(), term.getDay())


# (Chinese names, English names, the day in a year); a name ends at a word
# boundary in English, and Chinese names that start street names are guarded
# in the date pattern.
FESTIVALS: tuple[tuple[tuple[str, ...], tuple[str, ...], Callable[[int], dt.date]], ...] = (
    (("元旦节", "元旦"), ("new year's day", "new years day"), _fixed(1, 1)),
    (("除夕", "大年三十", "年三十"), ("chinese new year's eve", "lunar new year's eve"), _lunar_new_year_eve),
    (("春节", "大年初一", "正月初一", "过年"), ("chinese new year", "lunar new year", "spring festival"), _lunar(1, 1)),
    (("元宵节", "正月十五"), ("lantern festival",), _lunar(1, 15)),
    (("清明节", "清明"), ("qingming festival", "qingming", "tomb-sweeping day", "tomb sweeping day"), _qingming),
    (("劳动节", "五一节", "五一"), ("labour day", "labor day", "may day"), _fixed(5, 1)),
    (("端午节", "端午"), ("dragon boat festival",), _lunar(5, 5)),
    (("中秋节", "中秋"), ("mid-autumn festival", "mid autumn festival", "moon festival"), _lunar(8, 15)),
    (("国庆节", "国庆", "十一长假", "十一假期", "十一黄金周"), ("national day", "golden week"), _fixed(10, 1)),
    (("重阳节", "重阳"), ("double ninth festival", "chongyang festival"), _lunar(9, 9)),
    (("平安夜",), ("christmas eve",), _fixed(12, 24)),
    (("圣诞节", "圣诞"), ("christmas day", "christmas", "xmas"), _fixed(12, 25)),
    ((), ("new year's eve",), _fixed(12, 31)),
)

DAY_IN_YEAR: dict[str, Callable[[int], dt.date]] = {
    name: day for zh_names, en_names, day in FESTIVALS for name in zh_names + en_names}


# Longest first, for regexes.
ZH_NAMES = sorted((name for zh_names, _, _ in FESTIVALS for name in zh_names), key=len, reverse=True)
EN_NAMES = sorted((name for _, en_names, _ in FESTIVALS for name in en_names), key=len, reverse=True)


def festival_day(name: str, year: int) -> dt.date:
    return DAY_IN_YEAR[name](year)
