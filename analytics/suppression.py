"""Small cells: a count of 1 to 4 about one county or one matter is shown as "<5", and so is a share
computed from fewer than 5, so that no citizen can be singled out. The one place that decides."""
from typing import Any

THRESHOLD = 5
HIDDEN = "<5"
CELL_FILTERS = ("city", "county", "matter")   # a report narrowed by one of these is made of small cells
# in each table: the counts, and each share with the count it is a share of
_COUNTS = ("conversations", "handoffs", "contained", "completions", "guides", "rated", "messages", "fallbacks",
           "asked", "declined", "comments", "with_form", "abandoned", "satisfied", "neutral", "dissatisfied")
_SHARES = {"containment": "conversations", "handoff_rate": "conversations", "fallback_rate": "messages",
           "csat": "rated", "nps_style": "rated", "abandonment": "with_form",
           "median_first_answer_s": "conversations"}


def small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < THRESHOLD


def suppress_row(row: dict[str, Any]) -> dict[str, Any]:
    shown = dict(row)
    for share, base in _SHARES.items():
        if share in row and small(row.get(base)):
            shown[share] = HIDDEN
    for name in _COUNTS:
        if small(row.get(name)):
            shown[name] = HIDDEN
    if "scores" in row:
        shown["scores"] = {score: HIDDEN if small(count) else count for score, count in row["scores"].items()}
    return shown


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [suppress_row(row) for row in rows]


def suppress(report: dict[str, Any]) -> dict[str, Any]:
    """The report as it may be shown: the matter and place tables always; every figure when the
    filters narrow it to a county, a city or a matter."""
    shown = dict(report, matters=_rows(report["matters"]), places=_rows(report["places"]))
    if any(report["filters"].get(name) for name in CELL_FILTERS):
        shown.update(periods=_rows(report["periods"]), totals=suppress_row(report["totals"]),
                     handoff_reasons={reason: HIDDEN if small(count) else count
                                      for reason, count in report["handoff_reasons"].items()},
                     top_intents=[dict(row, messages=HIDDEN if small(row["messages"]) else row["messages"])
                                  for row in report["top_intents"]],
                     desk_teams=[dict(row, tickets=HIDDEN if small(row["tickets"]) else row["tickets"],
                                      **({"median_wait_s": HIDDEN, "median_handling_s": HIDDEN}
                                         if small(row["tickets"]) else {}))
                                 for row in report["desk_teams"]])
    return shown
