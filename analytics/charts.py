"""The charts of a (suppressed) report, drawn by matplotlib: SVG for the desk's dashboard, PNG for
`make report` — one drawing code for both, nothing loaded from elsewhere."""
import io
import math
from collections.abc import Callable
from typing import Any

from matplotlib.figure import Figure  # not pyplot: figures are drawn in several threads at once

FORMATS = ("svg", "png")


def _number(value: Any) -> float:
    """A figure to draw; a suppressed or missing one is a gap."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan


def _periods(report: dict[str, Any]) -> list[str]:
    return [row["period"][5:] if report["filters"]["period"] == "day" else "wk " + row["period"][5:]
            for row in report["periods"]]


def _period_axis(report: dict[str, Any], axes) -> range:
    """Positions of the periods on the x axis (every period gets its tick, with or without figures)."""
    labels = _periods(report)
    positions = range(len(labels))
    axes.set_xticks(list(positions))
    axes.set_xticklabels(labels)
    return positions


def conversations(report: dict[str, Any], axes) -> None:
    labels = _period_axis(report, axes)
    axes.bar(labels, [_number(row["conversations"]) for row in report["periods"]], label="conversations",
             color="#1f6feb")
    axes.bar(labels, [_number(row["handoffs"]) for row in report["periods"]], label="handed to a person",
             color="#f0883e")
    axes.set_title("Conversations and hand-offs")
    axes.legend(loc="upper left")


def rates(report: dict[str, Any], axes) -> None:
    labels = _period_axis(report, axes)
    for name, label, color in (("containment", "containment", "#1f6feb"), ("csat", "CSAT (4-5)", "#2da44e"),
                               ("fallback_rate", "fallback rate", "#cf222e")):
        axes.plot(labels, [100 * _number(row[name]) for row in report["periods"]], marker="o", label=label,
                  color=color)
    axes.set_ylim(0, 100)
    axes.set_ylabel("%")
    axes.set_title("Containment, satisfaction, fallbacks")
    axes.legend(loc="lower left")


def reasons(report: dict[str, Any], axes) -> None:
    names = list(report["handoff_reasons"])
    axes.barh(names, [_number(report["handoff_reasons"][name]) for name in names], color="#f0883e")
    axes.invert_yaxis()
    axes.set_title("Hand-offs by reason")


def matters(report: dict[str, Any], axes) -> None:
    rows = report["matters"][:12]
    names = [row["matter"] for row in rows]
    axes.barh(names, [_number(row["conversations"]) for row in rows], color="#1f6feb", label="conversations")
    axes.barh(names, [_number(row["completions"]) for row in rows], color="#2da44e", label="completed in chat")
    axes.invert_yaxis()
    axes.set_title("Matters (cells below 5 not shown)")
    axes.legend(loc="lower right")


CHARTS: dict[str, Callable[[dict[str, Any], Any], None]] = {
    "conversations": conversations, "rates": rates, "reasons": reasons, "matters": matters,
}


def render(report: dict[str, Any], name: str, fmt: str) -> bytes:
    figure = Figure(figsize=(7.5, 3.6), dpi=100)
    axes = figure.subplots()
    CHARTS[name](report, axes)
    axes.tick_params(axis="x", labelrotation=45 if len(report["periods"]) > 8 else 0)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
