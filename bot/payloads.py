"""Which texts may reach Rasa as `/intent{...}`: the payload of a button this conversation was
offered, a documented start payload, or a command a channel translated (Telegram's /help).
Anything else a citizen types is text: its leading slash becomes a full-width one, which Rasa's
intent-prefix handler ignores and the NLU's normaliser reads as a slash again."""
from collections.abc import Iterable

from privacy.masking import mask_personal_data

INTENT_PREFIX = "/"
TEXT_PREFIX = "／"
# The web chat's start (also after a desk hand-off link) and its language switch.
START_PAYLOADS = frozenset({"/greet", '/switch_language{"language":"zh"}', '/switch_language{"language":"en"}'})


def looks_like_payload(text: str) -> bool:
    return text.startswith(INTENT_PREFIX)


def as_text(text: str) -> str:
    """Typed text that cannot be read as an intent."""
    return TEXT_PREFIX + text[len(INTENT_PREFIX):] if looks_like_payload(text) else text


def is_offered(text: str, offered: Iterable[str | None]) -> bool:
    """Whether a payload is a start payload or one of the (stored, hence masked) offered ones."""
    if text in START_PAYLOADS:
        return True
    masked = mask_personal_data(text)
    return any(masked == payload for payload in offered)
