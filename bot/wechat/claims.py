"""Which attempt of a WeChat message answers it, across gateway processes. WeChat sends a message
again when it got no response within 5 seconds, so a repeated message means the response to the
earlier attempt was lost. The first to claim a message decides: the attempt whose answer came in
time claims "passive" (its text is kept, masked, so a repeat can give it again); an attempt that
answers later, or a repeat that finds no claim, claims "customer service" (the answer then goes
through the customer-service API, and no passive reply follows on a connection WeChat left)."""
import logging

from redis import RedisError

from bot.store import DATABASE_DOWN
from bot.store.shared_values import SharedValues
from privacy.masking import mask_personal_data

logger = logging.getLogger(__name__)

# While the store is away, answer as if unclaimed: a reply now beats an error that WeChat repeats.
STORE_DOWN = (*DATABASE_DOWN, RedisError)

CLAIM_TTL_S = 120   # WeChat's three repeats come within about 15 seconds
CUSTOMER_SERVICE = "cs"
PASSIVE_PREFIX = "passive:"


def _key(conversation_id: str, message_id: str) -> str:
    return f"wechat:answer:{conversation_id}:{message_id}"


class AnswerClaims:
    def __init__(self, values: SharedValues) -> None:
        self.values = values

    def claim_passive(self, conversation_id: str, message_id: str, text: str) -> bool:
        """True if this attempt answers in its HTTP response."""
        try:
            return self.values.add(_key(conversation_id, message_id),
                                   PASSIVE_PREFIX + mask_personal_data(text), CLAIM_TTL_S)
        except STORE_DOWN as error:
            logger.warning("answer claims unavailable (%s): replying in the response", type(error).__name__)
            return True

    def claim_customer_service(self, conversation_id: str, message_id: str) -> str | None:
        """Makes the answer go by customer-service message, unless an earlier attempt answered
        passively: then returns that answer's text for this attempt to give again."""
        key = _key(conversation_id, message_id)
        try:
            if self.values.add(key, CUSTOMER_SERVICE, CLAIM_TTL_S):
                return None
            value = self.values.get(key) or ""
        except STORE_DOWN as error:
            logger.warning("answer claims unavailable (%s)", type(error).__name__)
            return None
        return value[len(PASSIVE_PREFIX):] if value.startswith(PASSIVE_PREFIX) else None
