"""The metric definitions on a scripted day whose figures were worked out by hand, and the
suppression of small county and matter cells."""
import pytest

from analytics.export import to_csv
from analytics.metrics import Filters, Metrics
from analytics.suppression import HIDDEN, suppress
from tests.analytics.scripted_day import DAY, EXPECTED, scripted_database


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    engine = scripted_database(tmp_path_factory.mktemp("analytics") / "gateway.db")
    yield Metrics(engine, "Asia/Shanghai")
    engine.dispose()


@pytest.fixture(scope="module")
def day_report(metrics):
    return metrics.report(Filters(DAY, DAY))


def test_the_day_totals_are_the_hand_worked_ones(day_report):
    totals = day_report["totals"]
    assert {name: totals[name] for name in EXPECTED} == EXPECTED
    assert totals["scores"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}


def test_hand_offs_are_counted_by_each_reason(day_report):
    assert day_report["handoff_reasons"] == {"request_human": 1, "fallback": 1, "lockout": 1, "complaint": 1,
                                             "after_hours": 1, "staff": 0}


def test_desk_waiting_and_handling_are_medians_per_team(day_report):
    assert day_report["desk_teams"] == [
        {"team": "general", "tickets": 2, "median_wait_s": 60.0, "median_handling_s": 300.0},
        {"team": "housing_fund", "tickets": 3, "median_wait_s": 75.0, "median_handling_s": 400.0}]


def test_matters_and_places(day_report):
    assert day_report["matters"] == [
        {"matter": "housing_fund_balance", "conversations": 5, "handoffs": 4, "completions": 0, "guides": 1,
         "rated": 1, "csat": 1.0},
        {"matter": "social_security_card", "conversations": 4, "handoffs": 0, "completions": 4, "guides": 0,
         "rated": 3, "csat": 0.667}]
    places = {(row["city"], row["county"]): row for row in day_report["places"]}
    assert places[("南京市", "玄武区")]["conversations"] == 6 and places[("南京市", "玄武区")]["handoffs"] == 5
    assert places[("苏州市", "昆山市")]["containment"] == 1.0
    assert [row["intent"] for row in day_report["top_intents"][:2]] == ["greet", "housing_fund_balance"]


def test_filters_narrow_every_figure(metrics):
    web = metrics.report(Filters(DAY, DAY, channel="web"))["totals"]
    assert web["conversations"] == 9 and web["declined"] == 0 and web["rated"] == 4
    english = metrics.report(Filters(DAY, DAY, language="en"))["totals"]
    assert english["conversations"] == 1 and english["scores"]["2"] == 1
    card = metrics.report(Filters(DAY, DAY, matter="social_security_card"))["totals"]
    assert card["conversations"] == 4 and card["handoffs"] == 0 and card["completions"] == 4
    kunshan = metrics.report(Filters(DAY, DAY, county="昆山市"))["totals"]
    assert kunshan["conversations"] == 4 and kunshan["containment"] == 1.0


def test_days_follow_the_local_time_zone_and_weeks_sum_them(metrics):
    days = metrics.report(Filters(DAY, "2026-11-26"))["periods"]
    assert [(row["period"], row["conversations"]) for row in days] == [(DAY, 10), ("2026-11-26", 1)]
    weeks = metrics.report(Filters("2026-11-23", "2026-11-29", period="week"))["periods"]
    assert [(row["period"], row["conversations"]) for row in weeks] == [("2026-11-23", 11)]


def test_small_county_and_matter_cells_are_hidden(day_report, metrics):
    shown = suppress(day_report)
    card = next(row for row in shown["matters"] if row["matter"] == "social_security_card")
    assert card["conversations"] == HIDDEN and card["completions"] == HIDDEN and card["csat"] == HIDDEN
    assert card["handoffs"] == 0    # nobody is singled out by a zero
    housing = next(row for row in shown["matters"] if row["matter"] == "housing_fund_balance")
    assert housing["conversations"] == 5 and housing["handoffs"] == HIDDEN
    assert shown["totals"]["conversations"] == 10     # the province's totals are no small cell
    kunshan = suppress(metrics.report(Filters(DAY, DAY, county="昆山市")))
    assert kunshan["totals"]["conversations"] == HIDDEN and kunshan["totals"]["csat"] == HIDDEN
    assert all(row["conversations"] in (0, HIDDEN) for row in kunshan["periods"])
    assert "<5" in to_csv(kunshan) and ",4," not in to_csv(kunshan).split("\n", 2)[2]


def test_the_comment_is_stored_masked(metrics):
    with metrics.engine.connect() as connection:
        comments = [row[0] for row in connection.exec_driver_sql(
            "SELECT comment FROM analytics_ratings WHERE comment IS NOT NULL")]
    assert comments == ["很好，谢谢 138****0001"]
