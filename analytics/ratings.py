"""Satisfaction: the citizen is asked once per matter to rate what was done, after a matter is
completed or a guide given in chat (the action server marks its reply with `rating_ask`) and after a
desk ticket is resolved. Five buttons and "no thanks"; after a score, an optional comment (the next
message after tapping "Add a comment"). The gateway answers these itself: Rasa never sees them."""
import json
import re
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from analytics import texts
from analytics.days import local_day
from analytics.models import Rating, Turn
from bot.desk.clock import utc_now
from bot.desk.models import Ticket
from privacy.masking import mask_personal_data

Reply = Dict[str, Any]
MARKER = "rating_ask"
KINDS = ("completed", "guide")
ASK_AGAIN_AFTER = timedelta(hours=24)     # the same matter of a conversation is rated once a day
COMMENT_WITHIN = timedelta(minutes=10)    # a comment is the next message within this after tapping the button
MAX_COMMENT_CHARS = 1000
PAYLOAD = re.compile(r'^/rate_service(\{.*\})$')


def payload(rating_id: int, **values: Any) -> str:
    return "/rate_service" + json.dumps({"rating": rating_id, **values}, separators=(",", ":"))


def parse_payload(text: str) -> Optional[Dict[str, Any]]:
    match = PAYLOAD.match(text or "")
    if not match:
        return None
    try:
        values = json.loads(match.group(1))
    except ValueError:
        return None
    return values if isinstance(values, dict) and isinstance(values.get("rating"), int) else None


def asked_rating(buttons: List[Dict[str, Any]]) -> Optional[int]:
    """The rating whose question these buttons are (its score buttons), if they are one."""
    for button in buttons:
        values = parse_payload(button.get("payload") or "")
        if values is not None and "score" in values:
            return values["rating"]
    return None


def rating_markers(replies: List[Reply]) -> List[Dict[str, Any]]:
    return [reply["custom"][MARKER] for reply in replies
            if isinstance(reply.get("custom"), dict) and isinstance(reply["custom"].get(MARKER), dict)]


def without_markers(replies: List[Reply]) -> List[Reply]:
    """The replies without the mark (a reply that was nothing but the mark is left out)."""
    kept = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and MARKER in custom:
            custom = {key: value for key, value in custom.items() if key != MARKER}
            reply = {key: value for key, value in reply.items() if key != "custom"}
            if custom:
                reply["custom"] = custom
            if not reply:
                continue
        kept.append(reply)
    return kept


def ask_reply(rating_id: int, language: Optional[str], desk: bool = False) -> Reply:
    buttons = [{"title": texts.say(f"score_{score}", language), "payload": payload(rating_id, score=score)}
               for score in texts.SCORES]
    buttons.append({"title": texts.say("no_thanks", language), "payload": payload(rating_id, score=0)})
    return {"text": texts.say("ask_desk" if desk else "ask", language), "buttons": buttons}


class RatingStore:
    def __init__(self, engine: Engine, timezone: str = "Asia/Shanghai") -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)
        self.zone = ZoneInfo(timezone)

    def add(self, conversation_id: str, matter: Optional[str], kind: str,
            person: Optional[bool] = None, now: Optional[datetime] = None) -> Rating:
        """Records what was done; asks (asked=True) unless this matter was asked about lately.
        `person`: whether the desk was involved (None: a ticket of the conversation in the last day)."""
        now = now or utc_now()
        with self._session.begin() as session:
            if person is None:
                person = session.execute(select(Ticket.id).where(
                    Ticket.conversation_id == conversation_id, Ticket.opened_at >= now - ASK_AGAIN_AFTER)
                    .limit(1)).first() is not None
            # the chat and the desk are rated apart: a matter done in chat, then with a person, asks twice
            same_kind = Rating.kind == "desk" if kind == "desk" else Rating.kind != "desk"
            asked_lately = session.execute(select(Rating.id).where(
                Rating.conversation_id == conversation_id, Rating.asked.is_(True), same_kind,
                Rating.created_at >= now - ASK_AGAIN_AFTER,
                Rating.matter.is_(None) if matter is None else Rating.matter == matter).limit(1)).first()
            rating = Rating(conversation_id=conversation_id, day=local_day(now, self.zone), matter=matter,
                            kind=kind, person=person, asked=asked_lately is None, created_at=now, declined=False)
            session.add(rating)
            session.flush()
            return rating

    def latest_matter(self, conversation_id: str) -> Optional[str]:
        with self._session() as session:
            return session.execute(select(Turn.matter).where(Turn.conversation_id == conversation_id,
                                                             Turn.matter.is_not(None))
                                   .order_by(Turn.id.desc()).limit(1)).scalar()

    def rate(self, conversation_id: str, rating_id: int, score: int,
             now: Optional[datetime] = None) -> Optional[Rating]:
        """Stores a score (1-5) or "no thanks" (0); None when this ask was answered already."""
        with self._session.begin() as session:
            rating = session.get(Rating, rating_id)
            if rating is None or rating.conversation_id != conversation_id or not rating.asked:
                return None
            if rating.score is not None or rating.declined:
                return None
            rating.rated_at = now or utc_now()
            if score == 0:
                rating.declined = True
            else:
                rating.score = score
            return rating

    def ask_comment(self, conversation_id: str, rating_id: int) -> bool:
        with self._session.begin() as session:
            rating = session.get(Rating, rating_id)
            if rating is None or rating.conversation_id != conversation_id or rating.score is None or rating.comment:
                return False
            rating.comment_asked_at = utc_now()
            return True

    def take_comment(self, conversation_id: str, text: str) -> bool:
        """Stores the message as the comment when the citizen just asked to write one."""
        with self._session.begin() as session:
            rating = session.execute(select(Rating).where(
                Rating.conversation_id == conversation_id, Rating.comment_asked_at >= utc_now() - COMMENT_WITHIN,
                Rating.comment.is_(None)).order_by(Rating.id.desc()).limit(1)).scalar_one_or_none()
            if rating is None:
                return False
            rating.comment = mask_personal_data(text.strip())[:MAX_COMMENT_CHARS]
            rating.comment_asked_at = None
            return True

    def of_conversation(self, conversation_id: str) -> List[Dict[str, Any]]:
        with self._session() as session:
            rows = session.execute(select(Rating).where(Rating.conversation_id == conversation_id)
                                   .order_by(Rating.id)).scalars().all()
            return [{column.name: getattr(row, column.name) for column in Rating.__table__.columns} for row in rows]
