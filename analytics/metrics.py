"""Every metric of the service, defined once; the dashboard, its CSV and `make report` show these.

The unit is the conversation-day: one conversation's activity on one local day (DESK_TIMEZONE).
A week is the sum of its days (Monday first).

- conversations: conversation-days with at least one citizen message Rasa understood.
- hand-offs: conversation-days on which a desk ticket was opened for the conversation; its reason is
  the ticket's (request_human = asked for a person, fallback = not understood twice, lockout = locked
  out of verification, complaint = the complaint could not be registered, staff = staff took it),
  or after_hours when it was opened outside desk hours as a call-back request.
- containment: share of conversations without a hand-off.
- fallback rate: citizen messages understood as nlu_fallback / all understood citizen messages.
- top intents: citizen messages per intent. Matters: conversations per matter (an intent that is not
  conversational, analytics.matters); completions and guides per matter: replies of the action
  server that completed a matter or gave its guide (analytics_ratings rows of kind completed/guide).
- median time to first answer: over conversations, first citizen message -> first bot message, in
  seconds to a tenth (the median of the times rounded to 0.1 s).
- desk waiting time (opened -> claimed) and handling time (claimed -> resolved), medians per team,
  of tickets opened in the period.
- satisfaction: of the ratings given (scores 1-5) on asks of the period, CSAT = share of 4 and 5;
  NPS-style = share of 4-5 minus share of 1-2 (in points); asked, rated, declined, comments.
- abandonment: conversations that had a form asking, whose form was still asking at their last
  message, more than ABANDONED_AFTER ago / conversations that had a form.
"""
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select, tuple_
from sqlalchemy.engine import Engine

from analytics.days import days_between, local_day, week_of
from analytics.models import ConversationDay, MatterDay, Rating, Turn
from bot.desk.models import CALLBACK, RESOLVED, Ticket
from registry.clock import utc_now

ABANDONED_AFTER = timedelta(minutes=30)
HANDOFF_REASONS = ("request_human", "fallback", "lockout", "complaint", "after_hours", "staff")
TOP_INTENTS = 10
PERIODS = ("day", "week")
FILTERS = ("channel", "language", "city", "county", "matter")
Key = tuple[str, str]     # (conversation id, day)


@dataclass(frozen=True)
class Filters:
    first_day: str
    last_day: str
    period: str = "day"
    channel: str | None = None
    language: str | None = None
    city: str | None = None
    county: str | None = None
    matter: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ("first_day", "last_day", "period") + FILTERS}


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


def _median(counts: Counter) -> float | None:
    """The median of values given as value -> how many times."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts)

    def nth(position: int) -> float:
        seen = 0
        for value in ordered:
            seen += counts[value]
            if seen > position:
                return value
        return ordered[-1]
    return round((nth((total - 1) // 2) + nth(total // 2)) / 2, 1)


def _csat(scores: Counter) -> dict[str, Any]:
    """Satisfaction of scores given as score -> how many."""
    rated = sum(scores.values())
    satisfied = scores[4] + scores[5]
    dissatisfied = scores[1] + scores[2]
    return {"rated": rated, "csat": _ratio(satisfied, rated),
            "nps_style": round(100 * (satisfied - dissatisfied) / rated) if rated else None,
            "satisfied": satisfied, "neutral": rated - satisfied - dissatisfied, "dissatisfied": dissatisfied}


def _day_figures() -> dict[str, Any]:
    return {"conversations": 0, "messages": 0, "fallbacks": 0, "with_form": 0, "abandoned": 0,
            "first_answers": Counter(), "handoffs": 0, "completions": 0, "guides": 0, "asked": 0,
            "declined": 0, "comments": 0, "scores": Counter()}


def _add(into: dict[str, Any], figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        into[name] += value


def _summary(figures: dict[str, Any]) -> dict[str, Any]:
    conversations, handoffs = figures["conversations"], figures["handoffs"]
    return {
        "conversations": conversations, "handoffs": handoffs, "contained": conversations - handoffs,
        "containment": _ratio(conversations - handoffs, conversations), "handoff_rate": _ratio(handoffs, conversations),
        "messages": figures["messages"], "fallbacks": figures["fallbacks"],
        "fallback_rate": _ratio(figures["fallbacks"], figures["messages"]),
        "median_first_answer_s": _median(Counter({tenths / 10: count
                                                  for tenths, count in figures["first_answers"].items()})),
        "with_form": figures["with_form"], "abandoned": figures["abandoned"],
        "abandonment": _ratio(figures["abandoned"], figures["with_form"]),
        "completions": figures["completions"], "guides": figures["guides"], "asked": figures["asked"],
        "declined": figures["declined"], "comments": figures["comments"],
        "scores": {str(score): figures["scores"][score] for score in range(1, 6)},
        **_csat(figures["scores"]),
    }


class Metrics:
    def __init__(self, engine: Engine, timezone_name: str = "Asia/Shanghai") -> None:
        self.engine = engine
        self.zone = ZoneInfo(timezone_name)

    def report(self, filters: Filters, now: datetime | None = None) -> dict[str, Any]:
        """Every figure of the period, as the definitions above say (not yet suppressed)."""
        now = now or utc_now()
        with self.engine.connect() as connection:
            by_day = self._by_day(connection, filters, now)
            tickets = self._tickets(connection, filters)
            for ticket in tickets:
                by_day.setdefault(ticket["key"][1], _day_figures())["handoffs"] += ticket["first_of_day"]
            self._add_ratings(connection, filters, by_day)
            report = {
                "filters": filters.as_dict(),
                "periods": self._periods(filters, by_day),
                "totals": self._totals(by_day),
                "handoff_reasons": self._reasons(tickets),
                "top_intents": self._top_intents(connection, filters),
                "matters": self._matters(connection, filters, tickets),
                "places": self._places(connection, filters, tickets),
                "desk_teams": self._teams(tickets),
            }
        return report

    # --- which conversation-days ---------------------------------------------------

    def _day_conditions(self, filters: Filters) -> list[Any]:
        conditions = [ConversationDay.day >= filters.first_day, ConversationDay.day <= filters.last_day]
        for name in ("channel", "language", "city", "county"):
            value = getattr(filters, name)
            if value:
                conditions.append(getattr(ConversationDay, name) == value)
        if filters.matter:
            with_matter = select(MatterDay.conversation_id, MatterDay.day).where(
                MatterDay.matter == filters.matter, MatterDay.day >= filters.first_day,
                MatterDay.day <= filters.last_day)
            conditions.append(tuple_(ConversationDay.conversation_id, ConversationDay.day).in_(with_matter))
        return conditions

    def _joined_to_days(self, query, filters: Filters, table):
        """`query` on `table` (with conversation_id and day) limited to the conversation-days the filters keep."""
        if not any(getattr(filters, name) for name in FILTERS):
            return query
        return query.join(ConversationDay, and_(ConversationDay.conversation_id == table.conversation_id,
                                                ConversationDay.day == table.day)).where(
            *self._day_conditions(filters))

    # --- reading -------------------------------------------------------------------

    def _by_day(self, connection, filters: Filters, now: datetime) -> dict[str, dict[str, Any]]:
        abandoned = and_(ConversationDay.form.is_not(None), ConversationDay.last_at < now - ABANDONED_AFTER)
        rows = connection.execute(select(
            ConversationDay.day, func.count(), func.sum(ConversationDay.turns), func.sum(ConversationDay.fallbacks),
            func.sum(case((ConversationDay.had_form.is_(True), 1), else_=0)),
            func.sum(case((and_(ConversationDay.had_form.is_(True), abandoned), 1), else_=0)))
            .where(*self._day_conditions(filters)).group_by(ConversationDay.day))
        by_day: dict[str, dict[str, Any]] = {}
        for day, conversations, messages, fallbacks, with_form, abandoned_count in rows:
            by_day[day] = dict(_day_figures(), conversations=conversations, messages=int(messages or 0),
                               fallbacks=int(fallbacks or 0), with_form=int(with_form or 0),
                               abandoned=int(abandoned_count or 0))
        tenths = func.round(ConversationDay.first_answer_ms / 100.0)
        for day, value, count in connection.execute(
                select(ConversationDay.day, tenths, func.count()).where(
                    ConversationDay.first_answer_ms.is_not(None), *self._day_conditions(filters))
                .group_by(ConversationDay.day, tenths)):
            by_day[day]["first_answers"][int(value)] += count
        return by_day

    def _utc_range(self, filters: Filters) -> tuple[datetime, datetime]:
        def midnight(day: str) -> datetime:
            local = datetime.combine(datetime.fromisoformat(day).date(), time(), self.zone)
            return local.astimezone(timezone.utc).replace(tzinfo=None)
        return midnight(filters.first_day), midnight(filters.last_day) + timedelta(days=1)

    def _tickets(self, connection, filters: Filters) -> list[dict[str, Any]]:
        """The period's tickets on the conversation-days the filters keep, each with its key, its
        conversation-day's place, its reason, and whether it is the day's first (the one counted)."""
        start, end = self._utc_range(filters)
        rows = connection.execute(
            select(Ticket.conversation_id, Ticket.team, Ticket.reason, Ticket.state, Ticket.opened_at,
                   Ticket.claimed_at, Ticket.resolved_at, ConversationDay.day, ConversationDay.city,
                   ConversationDay.county)
            .join(ConversationDay, ConversationDay.conversation_id == Ticket.conversation_id)
            .where(Ticket.opened_at >= start, Ticket.opened_at < end, *self._day_conditions(filters))
            .order_by(Ticket.opened_at, Ticket.id)).mappings().all()
        tickets, counted = [], set()
        for row in rows:
            key = (row["conversation_id"], row["day"])
            if local_day(row["opened_at"], self.zone) != row["day"]:
                continue     # the conversation's other days; a ticket counts on the day it was opened
            after_hours = row["state"] == CALLBACK or (row["state"] == RESOLVED and row["claimed_at"] is None)
            tickets.append({**row, "key": key, "place": (row["city"], row["county"]),
                            "first_of_day": key not in counted,
                            "reason": "after_hours" if after_hours else row["reason"]})
            counted.add(key)
        return tickets

    def _rating_query(self, filters: Filters, *columns):
        query = select(*columns).where(Rating.day >= filters.first_day, Rating.day <= filters.last_day)
        if filters.matter:    # a rating names its matter
            query = query.where(Rating.matter == filters.matter)
        return self._joined_to_days(query, replace(filters, matter=None), Rating)

    def _add_ratings(self, connection, filters: Filters, by_day: dict[str, dict[str, Any]]) -> None:
        has_comment = case((Rating.comment.is_not(None), 1), else_=0)
        columns = (Rating.day, Rating.kind, Rating.asked, Rating.score, Rating.declined, has_comment)
        for day, kind, asked, score, declined, comment, count in connection.execute(
                self._rating_query(filters, *columns, func.count()).group_by(*columns)):
            figures = by_day.setdefault(day, _day_figures())
            figures["completions"] += count if kind == "completed" else 0
            figures["guides"] += count if kind == "guide" else 0
            if asked:
                figures["asked"] += count
                figures["declined"] += count if declined else 0
                figures["comments"] += count if comment else 0
            if score:
                figures["scores"][score] += count

    def _top_intents(self, connection, filters: Filters) -> list[dict[str, Any]]:
        count = func.count().label("messages")
        query = self._joined_to_days(select(Turn.intent, count).where(
            Turn.day >= filters.first_day, Turn.day <= filters.last_day, Turn.intent.is_not(None)), filters, Turn)
        rows = connection.execute(query.group_by(Turn.intent).order_by(count.desc(), Turn.intent).limit(TOP_INTENTS))
        return [{"intent": intent, "messages": messages} for intent, messages in rows]

    # --- figures -------------------------------------------------------------------

    def _totals(self, by_day: dict[str, dict[str, Any]]) -> dict[str, Any]:
        total = _day_figures()
        for figures in by_day.values():
            _add(total, figures)
        return _summary(total)

    def _periods(self, filters: Filters, by_day: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        periods: dict[str, dict[str, Any]] = {}
        for day in days_between(filters.first_day, filters.last_day):
            period = periods.setdefault(week_of(day) if filters.period == "week" else day, _day_figures())
            if day in by_day:
                _add(period, by_day[day])
        return [{"period": period, **_summary(figures)} for period, figures in periods.items()]

    @staticmethod
    def _reasons(tickets: list[dict[str, Any]]) -> dict[str, int]:
        reasons = {reason: 0 for reason in HANDOFF_REASONS}
        for ticket in tickets:
            if ticket["first_of_day"]:       # a conversation-day is handed off once
                reasons[ticket["reason"]] = reasons.get(ticket["reason"], 0) + 1
        return reasons

    def _matters(self, connection, filters: Filters, tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        in_range = (MatterDay.day >= filters.first_day, MatterDay.day <= filters.last_day) + (
            (MatterDay.matter == filters.matter,) if filters.matter else ())
        table: dict[str, dict[str, Any]] = {}

        def row(matter: str) -> dict[str, Any]:
            return table.setdefault(matter, {"matter": matter, "conversations": 0, "handoffs": 0, "completions": 0,
                                             "guides": 0, "scores": Counter()})
        for matter, count in connection.execute(self._joined_to_days(
                select(MatterDay.matter, func.count()).where(*in_range), filters, MatterDay)
                .group_by(MatterDay.matter)):
            row(matter)["conversations"] = count
        handed = {ticket["key"] for ticket in tickets}
        start, end = self._utc_range(filters)
        for conversation_id, day, matter in connection.execute(
                select(MatterDay.conversation_id, MatterDay.day, MatterDay.matter).join(
                    Ticket, Ticket.conversation_id == MatterDay.conversation_id).where(
                    Ticket.opened_at >= start, Ticket.opened_at < end, *in_range).distinct()):
            if (conversation_id, day) in handed and matter in table:
                table[matter]["handoffs"] += 1
        columns = (Rating.matter, Rating.kind, Rating.score)
        for matter, kind, score, count in connection.execute(
                self._rating_query(filters, *columns, func.count()).where(Rating.matter.is_not(None))
                .group_by(*columns)):
            entry = row(matter)
            entry["completions"] += count if kind == "completed" else 0
            entry["guides"] += count if kind == "guide" else 0
            if score:
                entry["scores"][score] += count
        rows = []
        for entry in table.values():
            satisfaction = _csat(entry.pop("scores"))
            rows.append({**entry, "rated": satisfaction["rated"], "csat": satisfaction["csat"]})
        return sorted(rows, key=lambda entry: (-entry["conversations"], entry["matter"]))

    def _places(self, connection, filters: Filters, tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        table: dict[tuple[str | None, str | None], dict[str, Any]] = {}

        def row(place) -> dict[str, Any]:
            return table.setdefault(place, {"city": place[0], "county": place[1], "conversations": 0,
                                            "handoffs": 0, "scores": Counter()})
        for city, county, count in connection.execute(
                select(ConversationDay.city, ConversationDay.county, func.count())
                .where(*self._day_conditions(filters)).group_by(ConversationDay.city, ConversationDay.county)):
            row((city, county))["conversations"] = count
        for ticket in tickets:
            if ticket["first_of_day"]:
                row(ticket["place"])["handoffs"] += 1
        rated = select(ConversationDay.city, ConversationDay.county, Rating.score, func.count()).join(
            ConversationDay, and_(ConversationDay.conversation_id == Rating.conversation_id,
                                  ConversationDay.day == Rating.day)).where(
            Rating.score.is_not(None), *self._day_conditions(filters),
            *((Rating.matter == filters.matter,) if filters.matter else ()))
        for city, county, score, count in connection.execute(
                rated.group_by(ConversationDay.city, ConversationDay.county, Rating.score)):
            row((city, county))["scores"][score] += count
        rows = []
        for entry in table.values():
            satisfaction = _csat(entry.pop("scores"))
            rows.append({**entry, "containment": _ratio(entry["conversations"] - entry["handoffs"],
                                                        entry["conversations"]),
                         "rated": satisfaction["rated"], "csat": satisfaction["csat"]})
        return sorted(rows, key=lambda entry: (-entry["conversations"], entry["city"] or "", entry["county"] or ""))

    @staticmethod
    def _teams(tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
        teams: dict[str, dict[str, Any]] = {}
        for ticket in tickets:
            entry = teams.setdefault(ticket["team"], {"tickets": 0, "waits": Counter(), "handling": Counter()})
            entry["tickets"] += 1
            if ticket["claimed_at"]:
                entry["waits"][(ticket["claimed_at"] - ticket["opened_at"]).total_seconds()] += 1
                if ticket["resolved_at"]:
                    entry["handling"][(ticket["resolved_at"] - ticket["claimed_at"]).total_seconds()] += 1
        return [{"team": team, "tickets": entry["tickets"], "median_wait_s": _median(entry["waits"]),
                 "median_handling_s": _median(entry["handling"])} for team, entry in sorted(teams.items())]
