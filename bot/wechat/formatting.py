"""Rasa replies in WeChat's terms. Text messages carry no buttons and at most about 2,048 bytes:
long text is cut after sentences, links become <a> links (WeChat shows them), buttons become
numbered choices (the citizen answers "1") or links, an image becomes a link to it."""
import html
import unicodedata
from typing import Any

from bot.text_split import markdown_links, split_text, utf8_bytes

WECHAT_TEXT_LIMIT = 2048  # bytes
CHOICES_HINT = "请回复数字选择 / Reply with a number:"
IMAGE_LINK_TITLE = "查看图片 / View image"

Button = dict[str, Any]


def _link(url: str, title: str) -> str:
    return f'<a href="{html.escape(url)}">{title}</a>'


def with_links(text: str) -> str:
    """Markdown links [title](url) as WeChat <a> links."""
    pieces, last = [], 0
    for match in markdown_links(text):
        pieces += [text[last:match.start()], _link(match.group(2), match.group(1))]
        last = match.end()
    return "".join(pieces + [text[last:]])


def _url_of(button: Button) -> str | None:
    payload = str(button.get("payload") or "")
    return button.get("url") or (payload if payload.startswith(("http://", "https://")) else None)


def numbered_choices(buttons: list[Button]) -> list[Button]:
    """The buttons a number picks, in the order they are shown: every titled one but links."""
    return [button for button in buttons or [] if isinstance(button, dict) and button.get("title")
            and not _url_of(button)]


def _choice_lines(buttons: list[Button], first_number: int) -> list[str]:
    lines = [f"{number}. {button['title']}" for number, button in enumerate(numbered_choices(buttons), first_number)]
    links = [_link(url, button["title"]) for button in buttons or []
             if isinstance(button, dict) and button.get("title") and (url := _url_of(button))]
    return ([CHOICES_HINT] if lines else []) + lines + links


def _raw_text(reply: dict[str, Any], first_number: int) -> str:
    parts = [reply["text"]] if reply.get("text") else []
    if reply.get("image"):
        parts.append(f"[{IMAGE_LINK_TITLE}]({reply['image']})")
    choices = _choice_lines(reply.get("buttons") or [], first_number)
    if choices:
        parts.append("\n".join(choices))
    return "\n\n".join(parts)


def text_messages(replies: list[dict[str, Any]]) -> list[str]:
    """The WeChat text messages for a batch of replies; choices are numbered across the batch."""
    messages, number = [], 1
    for reply in replies:
        raw = _raw_text(reply, number)
        number += len(numbered_choices(reply.get("buttons") or []))
        if raw.strip():
            pieces = split_text(raw, WECHAT_TEXT_LIMIT, lambda piece: utf8_bytes(with_links(piece)))
            messages += [with_links(piece) for piece in pieces]
    return messages


def chosen(text: str, offered: list[Button]) -> Button | None:
    """The button a reply such as "1" (or "１", "2.") picks among the offered ones."""
    typed = unicodedata.normalize("NFKC", text).strip().rstrip(".、。")
    if not typed.isdigit() or len(typed) > 3:
        return None
    choices = numbered_choices(offered)
    number = int(typed)
    return choices[number - 1] if 1 <= number <= len(choices) else None
