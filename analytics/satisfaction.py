"""The satisfaction questions in the gateway: an answer hook turns the action server's `rating_ask`
marker into the question, an interceptor takes the citizen's rating (tapped, or typed while the
question is the latest thing shown), "no thanks" and comment before they would reach Rasa, and a
desk listener asks after a resolved ticket."""
from typing import Any

from analytics import questions, texts
from analytics.ratings import RatingStore
from analytics.typed_ratings import typed_score
from bot import payloads
from bot.router import Reply, Router
from bot.store import in_thread


class Satisfaction:
    def __init__(self, router: Router, ratings: RatingStore) -> None:
        self.router = router
        self.ratings = ratings
        router.on_answer(self.on_answer)
        router.intercept(self.on_message)

    async def _language(self, conversation_id: str, given: str | None = None) -> str | None:
        if given:
            return given
        conversation = await in_thread(self.router.store.conversation, conversation_id) or {}
        return conversation.get("language_code")

    async def on_answer(self, conversation_id: str, metadata: dict[str, Any], replies: list[Reply]) -> list[Reply]:
        markers = questions.rating_markers(replies)
        if not markers:
            return replies
        replies = questions.without_markers(replies)
        marker = markers[0]    # one question per answer, for the first thing it did
        kind = marker.get("kind") if marker.get("kind") in questions.KINDS else "completed"
        matter = marker.get("matter") if isinstance(marker.get("matter"), str) else None
        rating = await in_thread(self.ratings.add, conversation_id, matter, kind)
        if not rating.asked:
            return replies
        return replies + [questions.ask_reply(rating.id, await self._language(conversation_id, marker.get("language")))]

    async def on_message(self, conversation_id: str, text: str) -> list[Reply] | None:
        values = questions.parse_payload(text)
        if values is not None:
            return await self._tapped(conversation_id, values)
        if payloads.looks_like_payload(text):
            return None
        return await self._typed(conversation_id, text)

    async def _tapped(self, conversation_id: str, values: dict[str, Any]) -> list[Reply] | None:
        if values.get("comment"):
            language = await self._language(conversation_id)
            if not await in_thread(self.ratings.ask_comment, conversation_id, values["rating"]):
                return [{"text": texts.say("already", language)}]
            return [{"text": texts.say("ask_comment", language)}]
        score = values.get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not questions.NO_THANKS <= score <= 5:
            return None
        return await self._rated(conversation_id, values["rating"], score)

    async def _typed(self, conversation_id: str, text: str) -> list[Reply] | None:
        """The comment asked for; else a rating typed while its question is the latest thing shown;
        else nothing (the text goes to Rasa, and the question, no longer the latest, is closed)."""
        if await in_thread(self.ratings.take_comment, conversation_id, text):
            return [{"text": texts.say("comment_thanks", await self._language(conversation_id))}]
        score = typed_score(text)
        if score is None:
            return None
        shown = await in_thread(self.router.store.offered_since_last_message, conversation_id)
        rating_id = questions.asked_rating(shown)
        return None if rating_id is None else await self._rated(conversation_id, rating_id, score)

    async def _rated(self, conversation_id: str, rating_id: int, score: int) -> list[Reply]:
        rating = await in_thread(self.ratings.rate, conversation_id, rating_id, score)
        language = await self._language(conversation_id)
        if rating is None:
            return [{"text": texts.say("already", language)}]
        if rating.declined:
            return [{"text": texts.say("declined", language)}]
        button = {"title": texts.say("comment_button", language), "payload": questions.payload(rating.id, comment=True)}
        return [{"text": texts.say("thanks", language), "buttons": [button]}]

    async def on_resolved(self, ticket: dict[str, Any]) -> None:
        """After staff resolved a ticket, the citizen is asked about the person who helped."""
        conversation_id = ticket["conversation_id"]
        matter = await in_thread(self.ratings.latest_matter, conversation_id)
        rating = await in_thread(self.ratings.add, conversation_id, matter, "desk", True)
        if rating.asked:
            language = await self._language(conversation_id, ticket.get("language"))
            await self.router.reply(conversation_id, [questions.ask_reply(rating.id, language, desk=True)])
