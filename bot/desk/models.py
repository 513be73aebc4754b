"""Tables of the desk, in the gateway's database (own metadata, own migrations)."""
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 ships no type information, so mypy sees a variable, not a class; Any lets the models subclass it.
Base: Any = declarative_base()

# analyst: the analytics dashboard only (aggregates, never a transcript)
ROLES = ("agent", "supervisor", "trainer", "analyst")

# Ticket states.
WAITING = "waiting"        # in a team queue
ACTIVE = "active"          # claimed by a staff member
RESOLVED = "resolved"      # closed; the bot has the conversation again
CALLBACK = "callback"      # opened outside working hours: the citizen asked to be called back


class Staff(Base):
    __tablename__ = "desk_staff"

    id = Column(Integer, primary_key=True, autoincrement=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    created_at = Column(DateTime, nullable=False)


class StaffSession(Base):
    __tablename__ = "desk_sessions"

    token_hash = Column(String(64), primary_key=True)   # sha256 of the cookie value
    staff_id = Column(Integer, ForeignKey("desk_staff.id"), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class Ticket(Base):
    __tablename__ = "desk_tickets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(80), nullable=False)
    team = Column(String(32), nullable=False)
    reason = Column(String(32), nullable=False)
    state = Column(String(16), nullable=False)
    language = Column(String(8))
    opened_at = Column(DateTime, nullable=False)
    claimed_by = Column(Integer, ForeignKey("desk_staff.id"))
    claimed_at = Column(DateTime)
    resolved_at = Column(DateTime)
    resolved_by = Column(Integer, ForeignKey("desk_staff.id"))


class TicketEvent(Base):
    """What happened to a ticket: opened, claimed, note, reply, transferred, resolved, handed_back."""
    __tablename__ = "desk_ticket_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(Integer, ForeignKey("desk_tickets.id"), nullable=False)
    kind = Column(String(16), nullable=False)
    staff_id = Column(Integer, ForeignKey("desk_staff.id"))
    text = Column(Text)                 # masked: a note's text, a transfer's target team …
    message_id = Column(Integer)        # a staff reply's row in gateway_messages
    created_at = Column(DateTime, nullable=False)


class HandoffLink(Base):
    """A phone caller's way into the chat: single-use, expiring."""
    __tablename__ = "desk_handoff_links"

    token_hash = Column(String(64), primary_key=True)
    matter = Column(String(64), nullable=False)          # the intent the bot starts with
    note = Column(Text)                                  # masked
    created_by = Column(Integer, ForeignKey("desk_staff.id"), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime)
    conversation_id = Column(String(80))
    details = Column(JSON(none_as_null=True))


Index("ix_desk_tickets_state_team", Ticket.state, Ticket.team)
Index("ix_desk_tickets_conversation", Ticket.conversation_id)
Index("ix_desk_ticket_events_ticket", TicketEvent.ticket_id, TicketEvent.id)
