"""The trainers' inbox table, in the gateway's database (created by the desk's migrations, which own
its schema); its own metadata, so curation needs nothing of the gateway to use it."""
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 ships no type information; Any lets the model subclass it (as in bot/store/models.py).
Base: Any = declarative_base()

# Curation item states.
OPEN = "open"              # waits for a trainer
ACCEPTED = "accepted"      # labelled with an existing intent, not yet exported
PROPOSED = "proposed"      # labelled with a new intent, not yet exported
DISMISSED = "dismissed"    # not useful as training data
EXPORTED = "exported"      # written into data/nlu
CURATION_STATES = (OPEN, ACCEPTED, PROPOSED, DISMISSED, EXPORTED)


class CurationItem(Base):
    """A citizen message for the trainers; messages with the same normalised text are one item."""
    __tablename__ = "desk_curation_items"

    id = Column(Integer, primary_key=True, autoincrement=True)
    key = Column(String(64), nullable=False, unique=True)   # sha256 of the normalised text
    text = Column(Text, nullable=False)                     # masked
    language = Column(String(8))
    predicted_intent = Column(String(64))
    confidence = Column(Float)
    count = Column(Integer, nullable=False)
    reasons = Column(JSON, nullable=False)
    conversation_id = Column(String(80))                    # where it was seen last
    message_id = Column(Integer)
    first_seen_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False)
    status = Column(String(16), nullable=False)
    label_intent = Column(String(64))
    entities = Column(JSON)
    proposal = Column(JSON(none_as_null=True))              # {"name", "description", "domain"} of a new intent
    curated_by = Column(Integer)                            # desk_staff.id (the key is in the migration)
    curated_at = Column(DateTime)
    exported_at = Column(DateTime)


Index("ix_desk_curation_status", CurationItem.status, CurationItem.last_seen_at)
