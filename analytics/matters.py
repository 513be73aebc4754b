"""Which intents are matters (what a citizen came to get done) and which only steer the conversation."""
from typing import Optional

FALLBACK_INTENT = "nlu_fallback"
# Intents of the catalogue (../shared/docs/intents.md) that are not a matter of their own.
CONVERSATIONAL_INTENTS = frozenset({
    "greet", "goodbye", "thank", "affirm", "deny", "help", "bot_challenge", "request_human",
    "switch_language", "cancel", "out_of_scope", "inform", "verify_identity", FALLBACK_INTENT,
    "delete_history", "notifications_on", "notifications_off", "elder_mode", "rate_service",
})


def matter_of(intent: Optional[str]) -> Optional[str]:
    """The matter an intent names, None for conversational intents."""
    if not intent or intent in CONVERSATIONAL_INTENTS:
        return None
    return intent
