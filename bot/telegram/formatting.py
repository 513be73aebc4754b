"""Rasa replies in Telegram's terms: HTML-escaped text with links, messages cut to
Telegram's 4096-character limit at sentence boundaries, buttons as inline keyboards."""
import hashlib
import html
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import text_split
from bot.text_split import markdown_links

TELEGRAM_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data


def to_html(text: str) -> str:
    """Escapes text for parse_mode=HTML; Markdown links [title](url) become <a> links."""
    pieces, last = [], 0
    for match in markdown_links(text):
        pieces.append(html.escape(text[last:match.start()], quote=False))
        pieces.append(f'<a href="{html.escape(match.group(2))}">{html.escape(match.group(1), quote=False)}</a>')
        last = match.end()
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces)


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut after a sentence where possible."""
    return text_split.split_text(text, limit)


def _fitting_html(raw: str) -> list[str]:
    rendered = to_html(raw)
    if len(rendered) <= TELEGRAM_LIMIT or len(raw) < 2:
        return [rendered]
    # Escaping made it longer than Telegram allows: cut the raw piece finer.
    return [html for piece in split_text(raw, len(raw) // 2 + 1) for html in _fitting_html(piece)]


def html_chunks(text: str) -> list[str]:
    """The text as HTML messages that each fit Telegram's limit after escaping."""
    return [html for chunk in split_text(text) for html in _fitting_html(chunk)]


class CallbackPayloads:
    """Rasa payloads as callback_data: short ones as they are, longer ones through a
    bounded in-memory table (Telegram allows 64 bytes)."""
    PREFIX = "k:"

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT and not payload.startswith(self.PREFIX):
            return payload
        key = self.PREFIX + hashlib.sha1(payload.encode()).hexdigest()[:20]
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.capacity:
            self._long.popitem(last=False)
        return key

    def decode(self, data: str) -> str | None:
        if data.startswith(self.PREFIX):
            return self._long.get(data)
        return data


def inline_keyboard(buttons: list[dict], payloads: CallbackPayloads) -> InlineKeyboardMarkup | None:
    rows = []
    for button in buttons or []:
        title, payload = str(button.get("title", "")), str(button.get("payload", ""))
        if not title:
            continue
        if button.get("url") or payload.startswith(("http://", "https://")):
            rows.append([InlineKeyboardButton(title, url=button.get("url") or payload)])
        else:
            rows.append([InlineKeyboardButton(title, callback_data=payloads.encode(payload or title))])
    return InlineKeyboardMarkup(rows) if rows else None
