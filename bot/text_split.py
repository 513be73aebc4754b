"""Long replies cut into messages a channel accepts: after a sentence where possible, measured
the channel's way (Telegram counts characters, WeChat counts UTF-8 bytes)."""
import re
from collections.abc import Callable

Measure = Callable[[str], int]

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])|(?<=[.:])(?=\s)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")


def markdown_links(text: str):
    """The [title](url) links in a reply, as regex matches (title: group 1, url: group 2)."""
    return _MARKDOWN_LINK.finditer(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def _sentences(text: str) -> list[str]:
    return [piece for piece in _SENTENCE_END.split(text) if piece]


def _longest_fitting_prefix(text: str, limit: int, measure: Measure) -> int:
    """How many leading characters of text measure at most `limit` (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _hard_cut(sentence: str, limit: int, measure: Measure) -> list[str]:
    """A 'sentence' longer than the limit: cut at the last space before it, else anywhere."""
    parts = []
    while measure(sentence) > limit:
        end = _longest_fitting_prefix(sentence, limit, measure)
        cut = sentence.rfind(" ", 0, end)
        cut = cut if cut > end // 2 else end
        parts.append(sentence[:cut])
        sentence = sentence[cut:]
    return parts + [sentence]


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Pieces that each measure at most `limit`, cut after a sentence where possible."""
    if measure(text) <= limit:
        return [text]
    chunks, current = [], ""
    for sentence in _sentences(text):
        for piece in _hard_cut(sentence, limit, measure):
            if current and measure(current + piece) > limit:
                chunks.append(current)
                current = ""
            current += piece
    if current:
        chunks.append(current)
    return [chunk.strip() or chunk for chunk in chunks]
