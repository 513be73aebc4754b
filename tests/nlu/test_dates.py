import datetime as dt

import pytest

from nlu.text.normalisation import normalise
from nlu.text.patterns.dates import find_dates

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def dates(text):
    return [(text[f.start : f.end], f.value, f.extra.get("part_of_day"))
            for f in find_dates(normalise(text), TODAY)]


def details(text):
    [found] = find_dates(normalise(text), TODAY)
    surface = text[found.start : found.end]
    date_range = found.extra.get("range")
    span = (date_range["start"], date_range["end"], date_range["unit"]) if date_range else None
    return surface, found.value, span, found.extra["tense"], found.extra.get("part_of_day")


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


@pytest.mark.parametrize(
    "text, expected",
    [
        # past relative days and a part of day
        ("前天交的材料", ("前天", "2026-11-23", None, "past", None)),
        ("大前天", ("大前天", "2026-11-22", None, "past", None)),
        ("昨晚打了好几次电话", ("昨晚", "2026-11-24", None, "past", "evening")),
        ("昨天下午去的", ("昨天下午", "2026-11-24", None, "past", "afternoon")),
        ("今早", ("今早", "2026-11-25", None, "present", "morning")),
        ("明晚", ("明晚", "2026-11-26", None, "future", "evening")),
        ("凌晨", None),
        ("三天前提交的", ("三天前", "2026-11-22", None, "past", None)),
        ("两个星期后", ("两个星期后", "2026-12-09", None, "future", None)),
        ("一个月前", ("一个月前", "2026-10-25", None, "past", None)),
        ("yesterday", ("yesterday", "2026-11-24", None, "past", None)),
        ("yesterday afternoon", ("yesterday afternoon", "2026-11-24", None, "past", "afternoon")),
        ("last night", ("last night", "2026-11-24", None, "past", "evening")),
        ("this morning", ("this morning", "2026-11-25", None, "present", "morning")),
        ("the day before yesterday", ("the day before yesterday", "2026-11-23", None, "past", None)),
        ("2 weeks ago", ("2 weeks ago", "2026-11-11", None, "past", None)),
        ("a month ago", ("a month ago", "2026-10-25", None, "past", None)),
        ("three days ago", ("three days ago", "2026-11-22", None, "past", None)),
        ("in 3 days", ("in 3 days", "2026-11-28", None, "future", None)),
        ("two weeks from now", ("two weeks from now", "2026-12-09", None, "future", None)),
        # weeks, weekends, months: start and end
        ("上周提交的材料", ("上周", "2026-11-16", ("2026-11-16", "2026-11-22", "week"), "past", None)),
        ("上週", ("上週", "2026-11-16", ("2026-11-16", "2026-11-22", "week"), "past", None)),
        ("上个礼拜", ("上个礼拜", "2026-11-16", ("2026-11-16", "2026-11-22", "week"), "past", None)),
        ("上上周", ("上上周", "2026-11-09", ("2026-11-09", "2026-11-15", "week"), "past", None)),
        ("这周", ("这周", "2026-11-23", ("2026-11-23", "2026-11-29", "week"), "present", None)),
        ("下星期", ("下星期", "2026-11-30", ("2026-11-30", "2026-12-06", "week"), "future", None)),
        ("这周末", ("这周末", "2026-11-28", ("2026-11-28", "2026-11-29", "weekend"), "future", None)),
        ("這個週末", ("這個週末", "2026-11-28", ("2026-11-28", "2026-11-29", "weekend"), "future", None)),
        ("下周末", ("下周末", "2026-12-05", ("2026-12-05", "2026-12-06", "weekend"), "future", None)),
        ("上周末去过", ("上周末", "2026-11-21", ("2026-11-21", "2026-11-22", "weekend"), "past", None)),
        ("周末去过一次", ("周末", "2026-11-21", ("2026-11-21", "2026-11-22", "weekend"), "past", None)),
        ("上个月", ("上个月", "2026-10-01", ("2026-10-01", "2026-10-31", "month"), "past", None)),
        ("上個月", ("上個月", "2026-10-01", ("2026-10-01", "2026-10-31", "month"), "past", None)),
        ("这个月", ("这个月", "2026-11-01", ("2026-11-01", "2026-11-30", "month"), "present", None)),
        ("下个月", ("下个月", "2026-12-01", ("2026-12-01", "2026-12-31", "month"), "future", None)),
        ("上个月10号", ("上个月10号", "2026-10-10", None, "past", None)),
        ("last week", ("last week", "2026-11-16", ("2026-11-16", "2026-11-22", "week"), "past", None)),
        ("this week", ("this week", "2026-11-23", ("2026-11-23", "2026-11-29", "week"), "present", None)),
        ("the week after next", ("the week after next", "2026-12-07", ("2026-12-07", "2026-12-13", "week"),
                                 "future", None)),
        ("this weekend", ("this weekend", "2026-11-28", ("2026-11-28", "2026-11-29", "weekend"), "future", None)),
        ("over the weekend", ("the weekend", "2026-11-28", ("2026-11-28", "2026-11-29", "weekend"), "future", None)),
        ("last weekend", ("last weekend", "2026-11-21", ("2026-11-21", "2026-11-22", "weekend"), "past", None)),
        ("next month", ("next month", "2026-12-01", ("2026-12-01", "2026-12-31", "month"), "future", None)),
        ("last month", ("last month", "2026-10-01", ("2026-10-01", "2026-10-31", "month"), "past", None)),
        # bare weekdays: upcoming, unless the message speaks of the past
        ("周一", ("周一", "2026-11-30", None, "future", None)),
        ("周一去窗口办了业务", ("周一", "2026-11-23", None, "past", None)),
        ("周五下午", ("周五下午", "2026-11-27", None, "future", "afternoon")),
        ("禮拜五下午", ("禮拜五下午", "2026-11-27", None, "future", "afternoon")),
        ("上周五", ("上周五", "2026-11-20", None, "past", None)),
        ("friday morning", ("friday morning", "2026-11-27", None, "future", "morning")),
        ("I went there on Monday", ("Monday", "2026-11-23", None, "past", None)),
        ("last Friday", ("last Friday", "2026-11-20", None, "past", None)),
        ("last Tuesday", ("last Tuesday", "2026-11-24", None, "past", None)),
        ("this past Wednesday", ("this past Wednesday", "2026-11-18", None, "past", None)),
        # how people type in a hurry or in dialect
        ("tmrw morning ok?", ("tmrw morning", "2026-11-26", None, "future", "morning")),
        ("can I come tmr", ("tmr", "2026-11-26", None, "future", None)),
        ("明儿个去", ("明儿个", "2026-11-26", None, "future", None)),
        ("昨儿去过了", ("昨儿", "2026-11-24", None, "past", None)),
        ("fri afternoon", ("fri afternoon", "2026-11-27", None, "future", "afternoon")),
        ("next Thurs", ("next Thurs", "2026-12-03", None, "future", None)),
        ("this coming weekend", ("this coming weekend", "2026-11-28", ("2026-11-28", "2026-11-29", "weekend"),
                                 "future", None)),
        ("on the 28th", ("the 28th", "2026-11-28", None, "future", None)),
        ("I applied on the 3rd", ("the 3rd", "2026-11-03", None, "past", None)),
        # parts of a month, months by number or name, years, a few days
        ("这个月底能办好吗", ("这个月底", "2026-11-21", ("2026-11-21", "2026-11-30", "month_part"), "present", None)),
        ("下个月初", ("下个月初", "2026-12-01", ("2026-12-01", "2026-12-10", "month_part"), "future", None)),
        ("3月底提交的", ("3月底", "2026-03-21", ("2026-03-21", "2026-03-31", "month_part"), "past", None)),
        ("十二月中旬", ("十二月中旬", "2026-12-11", ("2026-12-11", "2026-12-20", "month_part"), "future", None)),
        ("end of next month", ("end of next month", "2026-12-21", ("2026-12-21", "2026-12-31", "month_part"),
                               "future", None)),
        ("3月份", ("3月份", "2027-03-01", ("2027-03-01", "2027-03-31", "month"), "future", None)),
        ("十月份交的", ("十月份", "2026-10-01", ("2026-10-01", "2026-10-31", "month"), "past", None)),
        ("come in March", ("March", "2027-03-01", ("2027-03-01", "2027-03-31", "month"), "future", None)),
        ("waiting since May", ("May", "2026-05-01", ("2026-05-01", "2026-05-31", "month"), "past", None)),
        ("last March", ("last March", "2026-03-01", ("2026-03-01", "2026-03-31", "month"), "past", None)),
        ("前几天提交的", ("前几天", "2026-11-18", ("2026-11-18", "2026-11-24", "days"), "past", None)),
        ("过几天再来", ("过几天", "2026-11-27", ("2026-11-27", "2026-12-02", "days"), "future", None)),
        ("a few days ago", ("a few days ago", "2026-11-18", ("2026-11-18", "2026-11-24", "days"), "past", None)),
        ("the other day", ("the other day", "2026-11-18", ("2026-11-18", "2026-11-24", "days"), "past", None)),
        # recent days up to today, these days, half a month, weeks named with their day
        ("最近一周提交的", ("最近一周", "2026-11-18", ("2026-11-18", "2026-11-25", "days"), "present", None)),
        ("近7天的记录", ("近7天", "2026-11-18", ("2026-11-18", "2026-11-25", "days"), "present", None)),
        ("最近三个月的缴费", ("最近三个月", "2026-08-25", ("2026-08-25", "2026-11-25", "days"), "present", None)),
        ("附近3天", None),
        ("这两天能办好吗", ("这两天", "2026-11-25", ("2026-11-25", "2026-11-27", "days"), "present", None)),
        ("这几天交的材料", ("这几天", "2026-11-22", ("2026-11-22", "2026-11-25", "days"), "present", None)),
        ("半个月前交的", ("半个月前", "2026-11-10", None, "past", None)),
        ("一个多月前申请的", ("一个多月前", "2026-10-25", None, "past", None)),
        ("two weeks back", ("two weeks back", "2026-11-11", None, "past", None)),
        ("the past 2 weeks", ("the past 2 weeks", "2026-11-11", ("2026-11-11", "2026-11-25", "days"), "present",
                              None)),
        ("in the last few days", ("the last few days", "2026-11-22", ("2026-11-22", "2026-11-25", "days"),
                                  "present", None)),
        ("monday next week", ("monday next week", "2026-11-30", None, "future", None)),
        ("next week's Tuesday afternoon", ("next week's Tuesday afternoon", "2026-12-01", None, "future",
                                           "afternoon")),
        ("friday of last week", ("friday of last week", "2026-11-20", None, "past", None)),
        ("early next month", ("early next month", "2026-12-01", ("2026-12-01", "2026-12-10", "month_part"),
                              "future", None)),
        ("mid-next month", ("mid-next month", "2026-12-11", ("2026-12-11", "2026-12-20", "month_part"), "future",
                            None)),
        ("later this month", ("later this month", "2026-11-21", ("2026-11-21", "2026-11-30", "month_part"),
                              "present", None)),
        ("come on 28th", ("28th", "2026-11-28", None, "future", None)),
        # a day of a month that the message says has passed
        ("3月5号交的", ("3月5号", "2026-03-05", None, "past", None)),
        ("28号提交的", ("28号", "2026-10-28", None, "past", None)),
        ("I submitted it on March 3", ("March 3", "2026-03-03", None, "past", None)),
    ],
)
def test_ranges_past_dates_and_parts_of_day(text, expected):
    if expected is None:
        assert dates(text) == []
    else:
        assert details(text) == expected


def test_a_single_day_has_no_range_and_keeps_an_iso_value():
    [found] = find_dates("明天", TODAY)
    assert found.value == "2026-11-26"
    assert found.extra == {"tense": "future"}


@pytest.mark.parametrize("text", ["坐1号线去", "2月30号", "我想办社保", "one more day", "3号窗口",
                                  "这周围有政务大厅吗", "办理需要3 days", "每个月交一次", "the week is long",
                                  "I sat in the sun for hours", "the 3 of us", "三个月", "一月一次", "I may come",
                                  "每月", "明年的医保", "今年涨了多少", "月中还是月底发", "next year's insurance"])
def test_not_dates(text):
    assert dates(text) == []


def test_two_dates_in_one_message():
    assert [v for _, v, _ in dates("周一到周五都可以")] == ["2026-11-30", "2026-11-27"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # festivals: the festival's own day, the next one to come or the last one past
        ("国庆节大厅上班吗", ("国庆节", "2027-10-01", None, "future", None)),
        ("春节前能办好吗", ("春节", "2027-02-06", None, "future", None)),
        ("去年中秋交的材料", ("去年中秋", "2025-10-06", None, "past", None)),
        ("清明节放假吗", ("清明节", "2027-04-05", None, "future", None)),
        ("除夕下午还上班吗", ("除夕下午", "2027-02-05", None, "future", "afternoon")),
        ("重阳节那天交的", ("重阳节", "2026-10-18", None, "past", None)),
        ("Is the office open on Christmas Eve?", ("Christmas Eve", "2026-12-24", None, "future", None)),
        ("closed over Chinese New Year?", ("Chinese New Year", "2027-02-06", None, "future", None)),
        ("I applied last Christmas", ("last Christmas", "2025-12-25", None, "past", None)),
        ("open on New Year’s Day?", ("New Year’s Day", "2027-01-01", None, "future", None)),
        # a year said before a month
        ("去年12月交的", ("去年12月", "2025-12-01", ("2025-12-01", "2025-12-31", "month"), "past", None)),
        ("2027年3月份", ("2027年3月份", "2027-03-01", ("2027-03-01", "2027-03-31", "month"), "future", None)),
        ("明年1月10号", ("明年1月10号", "2027-01-10", None, "future", None)),
        ("去年12月底", ("去年12月底", "2025-12-21", ("2025-12-21", "2025-12-31", "month_part"), "past", None)),
        ("December 2026", ("December 2026", "2026-12-01", ("2026-12-01", "2026-12-31", "month"), "future", None)),
        # numeric month/day
        ("12月10前要交", ("12月10", "2026-12-10", None, "future", None)),
        ("12/10号去", ("12/10号", "2026-12-10", None, "future", None)),
        ("12.10号", ("12.10号", "2026-12-10", None, "future", None)),
        ("can I come on 25/12", ("25/12", "2026-12-25", None, "future", None)),
        # parts of a week, a fortnight, the week before last
        ("下周初", ("下周初", "2026-11-30", ("2026-11-30", "2026-12-02", "week_part"), "future", None)),
        ("这周中", ("这周中", "2026-11-24", ("2026-11-24", "2026-11-26", "week_part"), "present", None)),
        ("early next week", ("early next week", "2026-11-30", ("2026-11-30", "2026-12-02", "week_part"),
                             "future", None)),
        ("by the end of the week", ("the end of the week", "2026-11-26", ("2026-11-26", "2026-11-29", "week_part"),
                                        "future", None)),
        ("这周中午有人吗", ("这周", "2026-11-23", ("2026-11-23", "2026-11-29", "week"), "present", None)),
        ("the week before last", ("the week before last", "2026-11-09", ("2026-11-09", "2026-11-15", "week"),
                                  "past", None)),
        ("the weekend before last", ("the weekend before last", "2026-11-14",
                                     ("2026-11-14", "2026-11-15", "weekend"), "past", None)),
        ("a fortnight ago", ("a fortnight ago", "2026-11-11", None, "past", None)),
        ("in a fortnight", ("in a fortnight", "2026-12-09", None, "future", None)),
        ("the 5th of next month", ("the 5th of next month", "2026-12-05", None, "future", None)),
        ("2moro morning", ("2moro morning", "2026-11-26", None, "future", "morning")),
        ("yday I called", ("yday", "2026-11-24", None, "past", None)),
        ("明后天去", ("明后天", "2026-11-26", ("2026-11-26", "2026-11-27", "days"), "future", None)),
        ("今明两天能办好吗", ("今明两天", "2026-11-25", ("2026-11-25", "2026-11-26", "days"), "present", None)),
        ("后儿个上午", ("后儿个上午", "2026-11-27", None, "future", "morning")),
        ("元月5号", ("元月5号", "2027-01-05", None, "future", None)),
        ("this past weekend I went", ("this past weekend", "2026-11-21", ("2026-11-21", "2026-11-22", "weekend"),
                                      "past", None)),
        ("earlier this week I called", ("earlier this week", "2026-11-23",
                                        ("2026-11-23", "2026-11-25", "week_part"), "present", None)),
        ("in the next few days", ("the next few days", "2026-11-25", ("2026-11-25", "2026-11-28", "days"),
                                  "present", None)),
        ("on 12/12", ("12/12", "2026-12-12", None, "future", None)),
        ("the first of December", ("the first of December", "2026-12-01", None, "future", None)),
        ("on the twenty-first of March", ("the twenty-first of March", "2027-03-21", None, "future", None)),
        ("December first", ("December first", "2026-12-01", None, "future", None)),
    ],
)
def test_festivals_years_numeric_days_and_parts_of_weeks(text, expected):
    assert details(text) == expected


@pytest.mark.parametrize("text", ["五一路的大厅", "五一广场怎么走", "缴满6个月以后能领吗", "3月15万", "利率3.1",
                                  "on 12/10", "1/2 of the fee", "新年快乐", "然后儿子去办", "说明个人信息",
                                  "100元月租", "the first step"])
def test_not_these_dates(text):
    assert dates(text) == []
