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
- median time to first answer: over conversations, first citizen message -> first bot message (s).
- desk waiting time (opened -> claimed) and handling time (claimed -> resolved), medians per team,
  of tickets opened in the period.
- satisfaction: of the ratings given (scores 1-5) on asks of the period, CSAT = share of 4 and 5;
  NPS-style = share of 4-5 minus share of 1-2 (in points); asked, rated, declined, comments.
- abandonment: conversations that had a form asking, whose form was still asking at their last
  message, more than ABANDONED_AFTER ago / conversations that had a form.
"""
import statistics
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.engine import Engine

from analytics.days import days_between, local_day, week_of
from analytics.models import ConversationDay, Rating, Turn
from bot.desk.clock import utc_now
from bot.desk.models import CALLBACK, RESOLVED, Ticket

ABANDONED_AFTER = timedelta(minutes=30)
HANDOFF_REASONS = ("request_human", "fallback", "lockout", "complaint", "after_hours", "staff")
TOP_INTENTS = 10
PERIODS = ("day", "week")
FILTERS = ("channel", "language", "city", "county", "matter")
Key = Tuple[str, str]     # (conversation id, day)


@dataclass(frozen=True)
class Filters:
    first_day: str
    last_day: str
    period: str = "day"
    channel: Optional[str] = None
    language: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    matter: Optional[str] = None

    @property
    def narrows_to_cell(self) -> bool:
        """A county or a matter: every figure is then a small cell that may need suppressing."""
        return bool(self.city or self.county or self.matter)

    def as_dict(self) -> Dict[str, Any]:
        return {name: getattr(self, name) for name in ("first_day", "last_day", "period") + FILTERS}


def _ratio(part: float, whole: float) -> Optional[float]:
    return round(part / whole, 3) if whole else None


def _median(values: List[float]) -> Optional[float]:
    return round(statistics.median(values), 1) if values else None


def _csat(scores: List[int]) -> Dict[str, Any]:
    rated = len(scores)
    satisfied = sum(score >= 4 for score in scores)
    dissatisfied = sum(score <= 2 for score in scores)
    return {"rated": rated, "csat": _ratio(satisfied, rated),
            "nps_style": round(100 * (satisfied - dissatisfied) / rated) if rated else None,
            "satisfied": satisfied, "neutral": rated - satisfied - dissatisfied, "dissatisfied": dissatisfied}


class Metrics:
    def __init__(self, engine: Engine, timezone_name: str = "Asia/Shanghai") -> None:
        self.engine = engine
        self.zone = ZoneInfo(timezone_name)

    # --- the whole report ----------------------------------------------------------

    def report(self, filters: Filters, now: Optional[datetime] = None) -> Dict[str, Any]:
        now = now or utc_now()
        with self.engine.connect() as connection:
            days = self._conversation_days(connection, filters)
            tickets = self._tickets(connection, filters, days)
            ratings = self._ratings(connection, filters)
            intents = self._top_intents(connection, filters)
            matter_days = self._matter_days(connection, filters)
        return {
            "filters": filters.as_dict(),
            "definitions_version": 1,
            "periods": self._periods(filters, days, tickets, ratings, now),
            "totals": self._summary(list(days.values()), tickets, ratings, now),
            "handoff_reasons": self._reasons(tickets),
            "top_intents": intents,
            "matters": self._matters(matter_days, tickets, ratings),
            "places": self._places(days, tickets, ratings),
            "desk_teams": self._teams(tickets),
        }

    # --- reading -------------------------------------------------------------------

    def _day_conditions(self, filters: Filters) -> List[Any]:
        conditions = [ConversationDay.day >= filters.first_day, ConversationDay.day <= filters.last_day]
        for name in ("channel", "language", "city", "county"):
            value = getattr(filters, name)
            if value:
                conditions.append(getattr(ConversationDay, name) == value)
        if filters.matter:
            with_matter = select(Turn.conversation_id, Turn.day).where(
                Turn.matter == filters.matter, Turn.day >= filters.first_day, Turn.day <= filters.last_day)
            conditions.append(tuple_(ConversationDay.conversation_id, ConversationDay.day).in_(with_matter))
        return conditions

    def _conversation_days(self, connection, filters: Filters) -> Dict[Key, Dict[str, Any]]:
        columns = (ConversationDay.conversation_id, ConversationDay.day, ConversationDay.city, ConversationDay.county,
                   ConversationDay.first_answer_ms, ConversationDay.turns, ConversationDay.fallbacks,
                   ConversationDay.form, ConversationDay.had_form, ConversationDay.last_at)
        rows = connection.execute(select(*columns).where(*self._day_conditions(filters))).mappings().all()
        return {(row["conversation_id"], row["day"]): dict(row) for row in rows}

    def _utc_range(self, filters: Filters) -> Tuple[datetime, datetime]:
        def midnight(day: str) -> datetime:
            local = datetime.combine(datetime.fromisoformat(day).date(), time(), self.zone)
            return local.astimezone(timezone.utc).replace(tzinfo=None)
        return midnight(filters.first_day), midnight(filters.last_day) + timedelta(days=1)

    def _tickets(self, connection, filters: Filters, days: Dict[Key, Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The period's tickets of the conversations shown, each with its conversation-day and reason."""
        start, end = self._utc_range(filters)
        rows = connection.execute(select(Ticket.conversation_id, Ticket.team, Ticket.reason, Ticket.state,
                                         Ticket.opened_at, Ticket.claimed_at, Ticket.resolved_at)
                                  .where(Ticket.opened_at >= start, Ticket.opened_at < end)).mappings().all()
        tickets = []
        for row in rows:
            key = (row["conversation_id"], local_day(row["opened_at"], self.zone))
            if key not in days:
                continue     # another channel, place or matter than the filters', or no understood message
            after_hours = row["state"] == CALLBACK or (row["state"] == RESOLVED and row["claimed_at"] is None)
            tickets.append({**row, "key": key, "reason": "after_hours" if after_hours else row["reason"]})
        return tickets

    def _ratings(self, connection, filters: Filters) -> List[Dict[str, Any]]:
        query = select(Rating.conversation_id, Rating.day, Rating.matter, Rating.kind, Rating.person, Rating.asked,
                       Rating.score, Rating.declined, Rating.comment).where(
            Rating.day >= filters.first_day, Rating.day <= filters.last_day)
        if filters.matter:
            query = query.where(Rating.matter == filters.matter)
        if any(getattr(filters, name) for name in ("channel", "language", "city", "county")):
            conditions = [condition for condition in self._day_conditions(
                Filters(filters.first_day, filters.last_day, channel=filters.channel, language=filters.language,
                        city=filters.city, county=filters.county))]
            query = query.join(ConversationDay, and_(ConversationDay.conversation_id == Rating.conversation_id,
                                                     ConversationDay.day == Rating.day)).where(*conditions)
        return [dict(row) for row in connection.execute(query).mappings()]

    def _turn_query(self, filters: Filters, *columns):
        query = select(*columns).where(Turn.day >= filters.first_day, Turn.day <= filters.last_day)
        if any(getattr(filters, name) for name in FILTERS):
            query = query.join(ConversationDay, and_(ConversationDay.conversation_id == Turn.conversation_id,
                                                     ConversationDay.day == Turn.day)).where(
                *self._day_conditions(filters))
        return query

    def _top_intents(self, connection, filters: Filters) -> List[Dict[str, Any]]:
        count = func.count().label("messages")
        rows = connection.execute(self._turn_query(filters, Turn.intent, count).where(Turn.intent.is_not(None))
                                  .group_by(Turn.intent).order_by(count.desc(), Turn.intent).limit(TOP_INTENTS))
        return [{"intent": intent, "messages": messages} for intent, messages in rows]

    def _matter_days(self, connection, filters: Filters) -> Set[Tuple[str, str, str]]:
        """(conversation id, day, matter) of every matter asked about."""
        query = self._turn_query(filters, Turn.conversation_id, Turn.day, Turn.matter).where(
            Turn.matter.is_not(None)).distinct()
        if filters.matter:
            query = query.where(Turn.matter == filters.matter)
        return {tuple(row) for row in connection.execute(query)}

    # --- figures -------------------------------------------------------------------

    def _summary(self, days: List[Dict[str, Any]], tickets: List[Dict[str, Any]], ratings: List[Dict[str, Any]],
                 now: datetime) -> Dict[str, Any]:
        handed = {ticket["key"] for ticket in tickets}
        conversations = len(days)
        handed_count = sum((row["conversation_id"], row["day"]) in handed for row in days)
        turns, fallbacks = sum(row["turns"] for row in days), sum(row["fallbacks"] for row in days)
        with_form = [row for row in days if row["had_form"]]
        abandoned = sum(bool(row["form"]) and now - row["last_at"] > ABANDONED_AFTER for row in with_form)
        scores = [rating["score"] for rating in ratings if rating["score"]]
        asked = [rating for rating in ratings if rating["asked"]]
        return {
            "conversations": conversations, "handoffs": handed_count,
            "contained": conversations - handed_count, "containment": _ratio(conversations - handed_count, conversations),
            "handoff_rate": _ratio(handed_count, conversations),
            "messages": turns, "fallbacks": fallbacks, "fallback_rate": _ratio(fallbacks, turns),
            "median_first_answer_s": _median([row["first_answer_ms"] / 1000 for row in days
                                              if row["first_answer_ms"] is not None]),
            "with_form": len(with_form), "abandoned": abandoned, "abandonment": _ratio(abandoned, len(with_form)),
            "completions": sum(rating["kind"] == "completed" for rating in ratings),
            "guides": sum(rating["kind"] == "guide" for rating in ratings),
            "asked": len(asked), "declined": sum(rating["declined"] for rating in asked),
            "comments": sum(bool(rating["comment"]) for rating in asked),
            "scores": {str(score): scores.count(score) for score in range(1, 6)},
            **_csat(scores),
        }

    def _periods(self, filters: Filters, days: Dict[Key, Dict[str, Any]], tickets, ratings,
                 now: datetime) -> List[Dict[str, Any]]:
        def bucket(day: str) -> str:
            return week_of(day) if filters.period == "week" else day
        periods = list(dict.fromkeys(bucket(day) for day in days_between(filters.first_day, filters.last_day)))
        grouped_days: Dict[str, List[Dict[str, Any]]] = {period: [] for period in periods}
        for row in days.values():
            grouped_days[bucket(row["day"])].append(row)
        grouped_tickets: Dict[str, list] = {period: [] for period in periods}
        for ticket in tickets:
            grouped_tickets[bucket(ticket["key"][1])].append(ticket)
        grouped_ratings: Dict[str, list] = {period: [] for period in periods}
        for rating in ratings:
            grouped_ratings[bucket(rating["day"])].append(rating)
        return [{"period": period, **self._summary(grouped_days[period], grouped_tickets[period],
                                                   grouped_ratings[period], now)} for period in periods]

    @staticmethod
    def _reasons(tickets: List[Dict[str, Any]]) -> Dict[str, int]:
        first_of_day: Dict[Key, str] = {}
        for ticket in sorted(tickets, key=lambda ticket: ticket["opened_at"]):
            first_of_day.setdefault(ticket["key"], ticket["reason"])   # a conversation-day is handed off once
        reasons = {reason: 0 for reason in HANDOFF_REASONS}
        for reason in first_of_day.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        return reasons

    @staticmethod
    def _matters(matter_days: Set[Tuple[str, str, str]], tickets, ratings) -> List[Dict[str, Any]]:
        handed = {ticket["key"] for ticket in tickets}
        table: Dict[str, Dict[str, Any]] = {}

        def row(matter: str) -> Dict[str, Any]:
            return table.setdefault(matter, {"matter": matter, "conversations": 0, "handoffs": 0, "completions": 0,
                                             "guides": 0, "scores": []})
        for conversation_id, day, matter in matter_days:
            row(matter)["conversations"] += 1
            row(matter)["handoffs"] += (conversation_id, day) in handed
        for rating in ratings:
            if rating["matter"]:
                entry = row(rating["matter"])
                entry["completions"] += rating["kind"] == "completed"
                entry["guides"] += rating["kind"] == "guide"
                if rating["score"]:
                    entry["scores"].append(rating["score"])
        rows = []
        for entry in table.values():
            scores = entry.pop("scores")
            satisfaction = _csat(scores)
            rows.append({**entry, "rated": satisfaction["rated"], "csat": satisfaction["csat"]})
        return sorted(rows, key=lambda entry: (-entry["conversations"], entry["matter"]))

    @staticmethod
    def _places(days: Dict[Key, Dict[str, Any]], tickets, ratings) -> List[Dict[str, Any]]:
        handed = {ticket["key"] for ticket in tickets}
        scores_of: Dict[Key, List[int]] = {}
        for rating in ratings:
            if rating["score"]:
                scores_of.setdefault((rating["conversation_id"], rating["day"]), []).append(rating["score"])
        table: Dict[Tuple[Optional[str], Optional[str]], Dict[str, Any]] = {}
        for key, row in days.items():
            entry = table.setdefault((row["city"], row["county"]), {"city": row["city"], "county": row["county"],
                                                                    "conversations": 0, "handoffs": 0, "scores": []})
            entry["conversations"] += 1
            entry["handoffs"] += key in handed
            entry["scores"].extend(scores_of.get(key, []))
        rows = []
        for entry in table.values():
            satisfaction = _csat(entry.pop("scores"))
            rows.append({**entry, "containment": _ratio(entry["conversations"] - entry["handoffs"],
                                                        entry["conversations"]),
                         "rated": satisfaction["rated"], "csat": satisfaction["csat"]})
        return sorted(rows, key=lambda entry: (-entry["conversations"], entry["city"] or "", entry["county"] or ""))

    @staticmethod
    def _teams(tickets: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        teams: Dict[str, Dict[str, list]] = {}
        for ticket in tickets:
            entry = teams.setdefault(ticket["team"], {"tickets": [], "waits": [], "handling": []})
            entry["tickets"].append(ticket)
            if ticket["claimed_at"]:
                entry["waits"].append((ticket["claimed_at"] - ticket["opened_at"]).total_seconds())
                if ticket["resolved_at"]:
                    entry["handling"].append((ticket["resolved_at"] - ticket["claimed_at"]).total_seconds())
        return [{"team": team, "tickets": len(entry["tickets"]), "median_wait_s": _median(entry["waits"]),
                 "median_handling_s": _median(entry["handling"])} for team, entry in sorted(teams.items())]
