"""Hand-off tickets: team queues, atomic claims, transfers, resolution, and their history."""
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.desk.models import ACTIVE, CALLBACK, RESOLVED, WAITING, Ticket, TicketEvent
from bot.desk.teams import TEAMS
from bot.router import channel_of
from privacy.masking import mask_personal_data
from registry.clock import iso, utc_now

OPEN_STATES = (WAITING, ACTIVE)


def ticket_as_dict(ticket: Ticket, now: datetime | None = None) -> dict[str, Any]:
    now = now or utc_now()
    until = ticket.claimed_at or ticket.resolved_at or now
    return {
        "id": ticket.id, "conversation_id": ticket.conversation_id, "channel": channel_of(ticket.conversation_id),
        "team": ticket.team,
        "reason": ticket.reason, "state": ticket.state, "language": ticket.language,
        "opened_at": iso(ticket.opened_at), "claimed_by": ticket.claimed_by, "claimed_at": iso(ticket.claimed_at),
        "resolved_at": iso(ticket.resolved_at), "resolved_by": ticket.resolved_by,
        "waited_s": round((until - ticket.opened_at).total_seconds(), 1),
    }


def event_as_dict(event: TicketEvent) -> dict[str, Any]:
    return {"id": event.id, "ticket_id": event.ticket_id, "kind": event.kind, "staff_id": event.staff_id,
            "text": event.text, "message_id": event.message_id, "created_at": iso(event.created_at)}


class TicketStore:
    def __init__(self, engine: Engine) -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)

    # --- opening -------------------------------------------------------------------

    def open(self, conversation_id: str, team: str, reason: str, language: str | None,
             state: str = WAITING, staff_id: int | None = None) -> dict[str, Any]:
        """Opens a ticket, or returns the conversation's ticket that is already open."""
        with self._session.begin() as session:
            existing = self._open_ticket(session, conversation_id)
            if existing is not None and state != CALLBACK:
                return ticket_as_dict(existing)
            ticket = Ticket(conversation_id=conversation_id, team=team, reason=reason, state=state,
                            language=language, opened_at=utc_now())
            session.add(ticket)
            session.flush()
            session.add(TicketEvent(ticket_id=ticket.id, kind="opened", staff_id=staff_id, text=reason,
                                    created_at=ticket.opened_at))
            return ticket_as_dict(ticket)

    @staticmethod
    def _open_ticket(session, conversation_id: str) -> Ticket | None:
        return session.execute(select(Ticket).where(Ticket.conversation_id == conversation_id,
                                                    Ticket.state.in_(OPEN_STATES))
                               .order_by(Ticket.id.desc()).limit(1)).scalar_one_or_none()

    def open_ticket_of(self, conversation_id: str) -> dict[str, Any] | None:
        with self._session() as session:
            found = self._open_ticket(session, conversation_id)
            return ticket_as_dict(found) if found else None

    def get(self, ticket_id: int) -> dict[str, Any] | None:
        with self._session() as session:
            found = session.get(Ticket, ticket_id)
            return ticket_as_dict(found) if found else None

    def waiting_ahead(self, ticket_id: int, team: str) -> int:
        with self._session() as session:
            return session.execute(select(func.count()).select_from(Ticket).where(
                Ticket.team == team, Ticket.state == WAITING, Ticket.id < ticket_id)).scalar_one()

    def average_wait_s(self, team: str, since: datetime) -> float | None:
        """How long the team's citizens waited for a claim since a moment; None when none was claimed."""
        with self._session() as session:
            rows = session.execute(select(Ticket.opened_at, Ticket.claimed_at).where(
                Ticket.team == team, Ticket.claimed_at.is_not(None), Ticket.claimed_at >= since)).all()
        if not rows:
            return None
        return sum((claimed - opened).total_seconds() for opened, claimed in rows) / len(rows)

    # --- changes (each a conditional UPDATE: the database decides who wins a race) ----

    def claim(self, ticket_id: int, staff_id: int) -> bool:
        now = utc_now()
        with self._session.begin() as session:
            result = session.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.state == WAITING, Ticket.claimed_by.is_(None))
                .values(state=ACTIVE, claimed_by=staff_id, claimed_at=now).execution_options(
                    synchronize_session=False))
            if result.rowcount != 1:
                return False
            session.add(TicketEvent(ticket_id=ticket_id, kind="claimed", staff_id=staff_id, created_at=now))
            return True

    def transfer(self, ticket_id: int, staff_id: int, team: str) -> bool:
        now = utc_now()
        with self._session.begin() as session:
            result = session.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.state.in_(OPEN_STATES))
                .values(team=team, state=WAITING, claimed_by=None, claimed_at=None)
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:
                return False
            session.add(TicketEvent(ticket_id=ticket_id, kind="transferred", staff_id=staff_id, text=team,
                                    created_at=now))
            return True

    def resolve(self, ticket_id: int, staff_id: int, kind: str = "resolved", detail: str | None = None) -> bool:
        now = utc_now()
        with self._session.begin() as session:
            result = session.execute(
                update(Ticket).where(Ticket.id == ticket_id, Ticket.state.in_(OPEN_STATES + (CALLBACK,)))
                .values(state=RESOLVED, resolved_at=now, resolved_by=staff_id)
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:
                return False
            session.add(TicketEvent(ticket_id=ticket_id, kind=kind, staff_id=staff_id, text=detail,
                                    created_at=now))
            return True

    def add_event(self, ticket_id: int, kind: str, staff_id: int | None, text: str | None = None,
                  message_id: int | None = None) -> dict[str, Any]:
        with self._session.begin() as session:
            event = TicketEvent(ticket_id=ticket_id, kind=kind, staff_id=staff_id,
                                text=mask_personal_data(text) if text else text, message_id=message_id,
                                created_at=utc_now())
            session.add(event)
            session.flush()
            return event_as_dict(event)

    # --- reading -------------------------------------------------------------------

    def events(self, ticket_id: int) -> list[dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                   .order_by(TicketEvent.id)).scalars().all()
            return [event_as_dict(row) for row in rows]

    def staff_message_ids(self, conversation_id: str) -> dict[int, int]:
        """gateway_messages id → staff id, for the staff replies of a conversation."""
        with self._session() as session:
            rows = session.execute(select(TicketEvent.message_id, TicketEvent.staff_id)
                                   .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                                   .where(Ticket.conversation_id == conversation_id, TicketEvent.kind == "reply"))
            return {message_id: staff_id for message_id, staff_id in rows}

    def tickets_of(self, conversation_id: str) -> list[dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(Ticket).where(Ticket.conversation_id == conversation_id)
                                   .order_by(Ticket.id)).scalars().all()
            return [ticket_as_dict(row) for row in rows]

    def unresolved(self) -> list[dict[str, Any]]:
        """Waiting, active and call-back tickets, oldest first."""
        now = utc_now()
        with self._session() as session:
            rows = session.execute(select(Ticket).where(Ticket.state.in_(OPEN_STATES + (CALLBACK,)))
                                   .order_by(Ticket.opened_at, Ticket.id)).scalars().all()
            return [ticket_as_dict(row, now) for row in rows]

    def stats(self, day_start: datetime) -> dict[str, Any]:
        """Per team: waiting, active, call-backs, average wait of today's claims (s), handled today."""
        teams: dict[str, dict[str, float | None]] = {
            team: {"waiting": 0, "active": 0, "callback": 0, "average_wait_s": None, "handled_today": 0}
            for team in TEAMS}
        with self._session() as session:
            for team, state, count in session.execute(
                    select(Ticket.team, Ticket.state, func.count()).where(Ticket.state != RESOLVED)
                    .group_by(Ticket.team, Ticket.state)):
                teams.setdefault(team, dict(teams["general"]))[state] = count
            for team, count in session.execute(
                    select(Ticket.team, func.count()).where(Ticket.state == RESOLVED,
                                                            Ticket.resolved_at >= day_start)
                    .group_by(Ticket.team)):
                teams[team]["handled_today"] = count
            claimed = session.execute(select(Ticket.team, Ticket.opened_at, Ticket.claimed_at).where(
                and_(Ticket.claimed_at.is_not(None), Ticket.claimed_at >= day_start))).all()
        waits: dict[str, list[float]] = {}
        for team, opened_at, claimed_at in claimed:
            waits.setdefault(team, []).append((claimed_at - opened_at).total_seconds())
        for team, values in waits.items():
            teams[team]["average_wait_s"] = round(sum(values) / len(values), 1)
        return teams
