"""Satisfaction ratings as stored with the conversation: what was done (a matter completed or a guide
given in chat, a desk ticket resolved), whether the citizen was asked about it (once per matter a
day, the desk apart from the chat), whether a person was involved, the score or "no thanks", and
the optional comment (masked)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from analytics.days import local_day
from analytics.models import Rating, Turn
from analytics.questions import NO_THANKS
from bot.desk.models import Ticket
from privacy.masking import mask_personal_data
from registry.clock import utc_now

ASK_AGAIN_AFTER = timedelta(hours=24)     # the same matter of a conversation is rated once a day
PERSON_WITHIN = timedelta(hours=24)       # a desk ticket this recent means a person was involved
COMMENT_WITHIN = timedelta(minutes=10)    # a comment is the next message within this after tapping the button
MAX_COMMENT_CHARS = 1000


class RatingStore:
    def __init__(self, engine: Engine, timezone: str = "Asia/Shanghai") -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)
        self.zone = ZoneInfo(timezone)

    def add(self, conversation_id: str, matter: str | None, kind: str,
            person: bool | None = None, now: datetime | None = None) -> Rating:
        """Records what was done; asks (asked=True) unless this matter was asked about lately.
        `person`: whether the desk was involved (None: a ticket of the conversation within PERSON_WITHIN)."""
        now = now or utc_now()
        with self._session.begin() as session:
            if person is None:
                person = session.execute(select(Ticket.id).where(
                    Ticket.conversation_id == conversation_id, Ticket.opened_at >= now - PERSON_WITHIN)
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

    def latest_matter(self, conversation_id: str) -> str | None:
        with self._session() as session:
            return session.execute(select(Turn.matter).where(Turn.conversation_id == conversation_id,
                                                             Turn.matter.is_not(None))
                                   .order_by(Turn.id.desc()).limit(1)).scalar()

    def rate(self, conversation_id: str, rating_id: int, score: int,
             now: datetime | None = None) -> Rating | None:
        """Stores a score (1-5) or "no thanks" (NO_THANKS); None when this ask was answered already."""
        with self._session.begin() as session:
            rating = session.get(Rating, rating_id)
            if rating is None or rating.conversation_id != conversation_id or not rating.asked:
                return None
            if rating.score is not None or rating.declined:
                return None
            rating.rated_at = now or utc_now()
            if score == NO_THANKS:
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
