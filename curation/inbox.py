"""The trainers' curation inbox: citizen messages the NLU was unsure about, that fell back, that
ended in a hand-off, or that an agent flagged. Messages with the same normalised text are one item
with a count. Texts arrive masked (the gateway's store masks before storing)."""
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from curation.models import ACCEPTED, DISMISSED, EXPORTED, OPEN, PROPOSED, CurationItem
from registry.clock import iso, utc_now
from registry.intents import FALLBACK_INTENT

# Why a message is in the inbox.
LOW_CONFIDENCE = "low_confidence"
FALLBACK = "fallback"
HANDOFF = "handoff"
FLAGGED = "flagged"
SIMILARITY = 0.5              # character-bigram Jaccard from which two open items are near-duplicates
_TRAILING = re.compile(r"[\s.,!?;:。，！？；：~～…、]+$")
_HAN = re.compile(r"[\u3400-\u9fff]")


class CurationError(ValueError):
    """A curation request that cannot be carried out (unknown item, wrong state)."""


class UnknownMessage(CurationError):
    """A flag for a message that is not a citizen's."""


class NotFlaggable(CurationError):
    """A flag for a message trainers cannot learn from (a button's payload)."""


@dataclass(frozen=True)
class Sighting:
    """One citizen message as the inbox sees it."""
    text: str
    conversation_id: str
    message_id: int | None
    predicted_intent: str | None
    confidence: float | None
    language: str | None


def normalised(text: str) -> str:
    """The form under which messages count as the same: width, case, spaces and end punctuation ignored."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _TRAILING.sub("", " ".join(text.split()))


def inbox_reason(intent: str | None, confidence: float | None, threshold: float) -> str | None:
    """Why a message the NLU has classified belongs in the inbox, or None."""
    if intent == FALLBACK_INTENT:
        return FALLBACK
    if confidence is not None and confidence < threshold:
        return LOW_CONFIDENCE
    return None


def item_language(text: str, detected: str | None) -> str:
    if detected in ("zh", "en"):
        return detected
    return "zh" if _HAN.search(text) else "en"


def _bigrams(text: str) -> frozenset:
    compact = "".join(normalised(text).split())
    return frozenset(compact[i:i + 2] for i in range(len(compact) - 1)) or frozenset([compact])


def _similar(a: frozenset, b: frozenset) -> bool:
    return len(a & b) / len(a | b) >= SIMILARITY


def item_as_dict(item: CurationItem) -> dict[str, Any]:
    return {
        "id": item.id, "text": item.text, "language": item.language, "predicted_intent": item.predicted_intent,
        "confidence": item.confidence, "count": item.count, "reasons": list(item.reasons or []),
        "conversation_id": item.conversation_id, "message_id": item.message_id,
        "first_seen_at": iso(item.first_seen_at), "last_seen_at": iso(item.last_seen_at), "status": item.status,
        "label_intent": item.label_intent, "entities": list(item.entities or []), "proposed_intent": item.proposal,
        "curated_by": item.curated_by, "curated_at": iso(item.curated_at), "exported_at": iso(item.exported_at),
    }


class CurationInbox:
    def __init__(self, engine: Engine) -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)

    # --- arriving ------------------------------------------------------------------

    def add(self, sighting: Sighting, reason: str) -> dict[str, Any]:
        """Puts a message in the inbox, or counts it again on the item of the same text."""
        text = " ".join((sighting.text or "").split())
        if not text or text.startswith("/"):
            raise CurationError("only typed messages are curated")
        key = hashlib.sha256(normalised(text).encode()).hexdigest()
        try:
            return self._insert(key, text, sighting, reason)
        except IntegrityError:
            return self._count_again(key, sighting, reason)

    def _insert(self, key: str, text: str, sighting: Sighting, reason: str) -> dict[str, Any]:
        now = utc_now()
        with self._session.begin() as session:
            item = CurationItem(key=key, text=text, language=item_language(text, sighting.language),
                                predicted_intent=sighting.predicted_intent, confidence=sighting.confidence,
                                count=1, reasons=[reason], conversation_id=sighting.conversation_id,
                                message_id=sighting.message_id, first_seen_at=now, last_seen_at=now, status=OPEN)
            session.add(item)
            session.flush()
            return item_as_dict(item)

    def _count_again(self, key: str, sighting: Sighting, reason: str) -> dict[str, Any]:
        """Another citizen message of the same text; the same message seen again (flagged after a
        fallback, say) only adds its reason."""
        with self._session.begin() as session:
            session.execute(update(CurationItem)
                            .where(CurationItem.key == key,
                                   or_(CurationItem.message_id.is_(None),
                                       CurationItem.message_id != sighting.message_id))
                            .values(count=CurationItem.count + 1,  # atomic under concurrent sightings
                                    conversation_id=sighting.conversation_id, message_id=sighting.message_id,
                                    last_seen_at=utc_now()))
            item = session.execute(select(CurationItem).where(CurationItem.key == key)).scalar_one()
            if sighting.predicted_intent:
                item.predicted_intent, item.confidence = sighting.predicted_intent, sighting.confidence
            if reason not in item.reasons:
                item.reasons = list(item.reasons) + [reason]
            return item_as_dict(item)

    # --- reading -------------------------------------------------------------------

    def get(self, item_id: int) -> dict[str, Any] | None:
        with self._session() as session:
            item = session.get(CurationItem, item_id)
            return item_as_dict(item) if item else None

    def items(self, status: str = OPEN, limit: int = 200) -> list[dict[str, Any]]:
        """Items of a state, most often seen first; open items name their open near-duplicates."""
        with self._session() as session:
            rows = session.execute(select(CurationItem).where(CurationItem.status == status)
                                   .order_by(CurationItem.count.desc(), CurationItem.last_seen_at.desc())
                                   .limit(limit)).scalars().all()
            items = [item_as_dict(row) for row in rows]
        if status != OPEN:
            return [{**item, "similar_ids": []} for item in items]
        grams = {item["id"]: _bigrams(item["text"]) for item in items}
        for item in items:
            item["similar_ids"] = [other["id"] for other in items if other["id"] != item["id"]
                                   and other["language"] == item["language"]
                                   and _similar(grams[item["id"]], grams[other["id"]])]
        return items

    def to_export(self) -> list[dict[str, Any]]:
        """Labelled items not yet written into the training data, oldest label first."""
        with self._session() as session:
            rows = session.execute(select(CurationItem).where(CurationItem.status.in_((ACCEPTED, PROPOSED)))
                                   .order_by(CurationItem.curated_at, CurationItem.id)).scalars().all()
            return [item_as_dict(row) for row in rows]

    def confusions(self, limit: int = 20) -> list[dict[str, Any]]:
        """(predicted → labelled) pairs among labelled items, weighted by how often citizens wrote them."""
        totals: dict[tuple, int] = {}
        with self._session() as session:
            rows = session.execute(select(CurationItem.predicted_intent, CurationItem.label_intent,
                                          CurationItem.count)
                                   .where(CurationItem.status.in_((ACCEPTED, PROPOSED, EXPORTED)))).all()
        for predicted, labelled, count in rows:
            if labelled and predicted != labelled:
                totals[(predicted, labelled)] = totals.get((predicted, labelled), 0) + count
        ranked = sorted(totals.items(), key=lambda pair: (-pair[1], pair[0][0] or "", pair[0][1]))
        return [{"predicted": predicted, "labelled": labelled, "count": count}
                for (predicted, labelled), count in ranked[:limit]]

    # --- curating ------------------------------------------------------------------

    def label(self, item_id: int, intent: str, entities: Sequence[dict[str, Any]], staff_id: int | None
              ) -> dict[str, Any]:
        return self._curate(item_id, staff_id, status=ACCEPTED, label_intent=intent, entities=list(entities),
                            proposal=None)

    def propose(self, item_id: int, proposal: dict[str, str], staff_id: int | None) -> dict[str, Any]:
        return self._curate(item_id, staff_id, status=PROPOSED, label_intent=proposal["name"], entities=[],
                            proposal=dict(proposal))

    def dismiss(self, item_id: int, staff_id: int | None) -> dict[str, Any]:
        return self._curate(item_id, staff_id, status=DISMISSED)

    def mark_exported(self, item_ids: Iterable[int]) -> None:
        with self._session.begin() as session:
            session.execute(update(CurationItem).where(CurationItem.id.in_(list(item_ids)))
                            .values(status=EXPORTED, exported_at=utc_now()))

    def _curate(self, item_id: int, staff_id: int | None, **values: Any) -> dict[str, Any]:
        with self._session.begin() as session:
            item = session.get(CurationItem, item_id)
            if item is None:
                raise CurationError(f"no curation item {item_id}")
            if item.status == EXPORTED:
                raise CurationError(f"item {item_id} is already in the training data")
            for name, value in values.items():
                setattr(item, name, value)
            item.curated_by, item.curated_at = staff_id, utc_now()
            return item_as_dict(item)
