"""The reply language (zh or en) of a language code such as zh-CN, en_US or a Telegram user's."""
from typing import Optional

LANGUAGES = ("zh", "en")


def reply_language(code: Optional[str]) -> Optional[str]:
    """zh or en; None for any other language, and while the language is not known."""
    prefix = (code or "").lower()[:2]
    return prefix if prefix in LANGUAGES else None
