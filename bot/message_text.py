"""Cleaning of what a citizen typed, before anything else sees it."""
import unicodedata
from dataclasses import dataclass

from bot import notices

_KEPT_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class CleanText:
    text: str
    # A bilingual notice to send instead of forwarding the text, if any.
    notice: str | None = None


def _without_controls(raw: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") and ch not in _KEPT_CONTROLS else ch
        for ch in raw
    )


def clean(raw: str, max_chars: int) -> CleanText:
    text = _without_controls(raw).strip()
    if not text:
        return CleanText(text, notices.EMPTY_MESSAGE)
    if len(text) > max_chars:
        return CleanText(text, notices.TOO_LONG.format(length=len(text), limit=max_chars))
    return CleanText(text)
