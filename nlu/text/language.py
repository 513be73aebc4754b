"""Decide whether a message is written in Chinese or English.

Code-mixed text counts as Chinese unless it is mostly English. Very short
messages ("ok", "好") carry little evidence, so the client's language code
(Telegram's ``language_code`` in the message metadata) is preferred for them.
"""
from dataclasses import dataclass

from nlu.text.unicode_scripts import HAN_CHAR, LATIN_WORD

ZH = "zh"
EN = "en"

# Roughly how many Han characters make up one English-sized word.
HAN_CHARS_PER_WORD = 1.5
SHORT_MESSAGE_MAX_HAN_CHARS = 2
SHORT_MESSAGE_MAX_LATIN_LETTERS = 3
SHORT_CONFIDENCE = 0.6


@dataclass(frozen=True)
class LanguageDecision:
    language: str
    confidence: float
    source: str  # "text", "prior" (client language code)


def language_from_code(language_code: str | None) -> str | None:
    """Map an IETF tag such as 'zh-hans', 'zh-TW' or 'en-GB' to zh/en."""
    if not language_code or not isinstance(language_code, str):
        return None
    primary = language_code.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in (ZH, EN) else None


def _is_short(han_chars: int, latin_words: list) -> bool:
    latin_letters = sum(len(word) for word in latin_words)
    if han_chars and latin_words:
        return False
    if han_chars:
        return han_chars <= SHORT_MESSAGE_MAX_HAN_CHARS
    return latin_letters <= SHORT_MESSAGE_MAX_LATIN_LETTERS


def detect_language(
    text: str, language_code: str | None = None
) -> LanguageDecision | None:
    """Return the message language, or None when there is no evidence at all
    (digits only, emoji only, other scripts and no client language code)."""
    text = text or ""
    han_chars = len(HAN_CHAR.findall(text))
    latin_words = LATIN_WORD.findall(text)
    prior = language_from_code(language_code)

    if not han_chars and not latin_words:
        return LanguageDecision(prior, 0.5, "prior") if prior else None
    short = _is_short(han_chars, latin_words)
    if prior and short:
        return LanguageDecision(prior, 0.7, "prior")

    han_words = han_chars / HAN_CHARS_PER_WORD
    english_share = len(latin_words) / (len(latin_words) + han_words)
    mostly_english = english_share > 0.5 and len(latin_words) > han_words
    confidence = english_share if mostly_english else 1.0 - english_share
    if short:
        # one or two words are weak evidence ("ok" is typed by Chinese users too)
        confidence = min(confidence, SHORT_CONFIDENCE)
    return LanguageDecision(EN if mostly_english else ZH, round(confidence, 3), "text")
