"""The reply language (zh or en) of a language code such as zh-CN, en_US or a Telegram user's."""

LANGUAGES = ("zh", "en")


def reply_language(code: str | None) -> str | None:
    """zh or en; None for any other language, and while the language is not known."""
    prefix = (code or "").lower()[:2]
    return prefix if prefix in LANGUAGES else None
