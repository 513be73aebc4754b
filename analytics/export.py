"""The figures of a (suppressed) report as one CSV: a `table` column names the part of the report."""
import csv
import io
from typing import Any

_TABLES = ("periods", "matters", "places", "desk_teams", "top_intents")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = {}
    for name, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{name}_{key}": inner for key, inner in value.items()})
        else:
            flat[name] = value
    return flat


def to_csv(report: dict[str, Any]) -> str:
    rows: list[dict[str, Any]] = [{"table": "filters", **report["filters"]},
                                  {"table": "totals", **_flat(report["totals"])}]
    rows += [{"table": "handoff_reasons", "reason": reason, "handoffs": count}
             for reason, count in report["handoff_reasons"].items()]
    for table in _TABLES:
        rows += [{"table": table, **_flat(row)} for row in report[table]]
    columns = list(dict.fromkeys(column for row in rows for column in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
