import datetime as dt

import pytest

from nlu.rules.dates import find_dates
from nlu.text_normalisation import normalise

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def dates(text):
    return [(text[f.start : f.end], f.value, f.extra.get("part_of_day"))
            for f in find_dates(normalise(text), TODAY)]


@pytest.mark.parametrize(
    "text, surface, value, part",
    [
        ("今天能办吗", "今天", "2026-11-25", None),
        ("明天去大厅", "明天", "2026-11-26", None),
        ("后天上午有号吗", "后天上午", "2026-11-27", "morning"),
        ("大後天下午", "大後天下午", "2026-11-28", "afternoon"),
        ("下周三预约", "下周三", "2026-12-02", None),
        ("下星期一", "下星期一", "2026-11-30", None),
        ("这周五", "这周五", "2026-11-27", None),
        ("周五", "周五", "2026-11-27", None),
        ("礼拜天", "礼拜天", "2026-11-29", None),
        ("3月5号", "3月5号", "2027-03-05", None),
        ("三月五号上午", "三月五号上午", "2027-03-05", "morning"),
        ("12月1日", "12月1日", "2026-12-01", None),
        ("2026-12-01", "2026-12-01", "2026-12-01", None),
        ("2026年12月1日", "2026年12月1日", "2026-12-01", None),
        ("２０２６－１２－０１", "２０２６－１２－０１", "2026-12-01", None),
        ("下个月10号上午", "下个月10号上午", "2026-12-10", "morning"),
        ("这个月28号", "这个月28号", "2026-11-28", None),
        ("the 5th of December works", "the 5th of December", "2026-12-05", None),
        ("28号可以吗", "28号", "2026-11-28", None),
        ("5号", "5号", "2026-12-05", None),
        ("tomorrow", "tomorrow", "2026-11-26", None),
        ("Tomorrow morning please", "Tomorrow morning", "2026-11-26", "morning"),
        ("the day after tomorrow", "the day after tomorrow", "2026-11-27", None),
        ("today", "today", "2026-11-25", None),
        ("next Friday", "next Friday", "2026-12-04", None),
        ("on Friday", "Friday", "2026-11-27", None),
        ("this Monday", "this Monday", "2026-11-23", None),
        ("December 1st", "December 1st", "2026-12-01", None),
        ("5 March", "5 March", "2027-03-05", None),
        ("Dec 3, 2027", "Dec 3, 2027", "2027-12-03", None),
    ],
)
def test_every_date_form(text, surface, value, part):
    assert dates(text) == [(surface, value, part)]


@pytest.mark.parametrize("text", ["坐1号线去", "2月30号", "我想办社保", "one more day", "3号窗口"])
def test_not_dates(text):
    assert dates(text) == []


def test_two_dates_in_one_message():
    assert [v for _, v, _ in dates("周一到周五都可以")] == ["2026-11-30", "2026-11-27"]
