"""Which intents are matters (what a citizen came to get done) and which only steer the conversation."""

from registry.intents import FALLBACK_INTENT, registry

# The registry's conversational intents, and the NLU's fallback, are not a matter of their own.
CONVERSATIONAL_INTENTS = registry().conversational() | {FALLBACK_INTENT}


def matter_of(intent: str | None) -> str | None:
    """The matter an intent names, None for conversational intents."""
    if not intent or intent in CONVERSATIONAL_INTENTS:
        return None
    return intent
