"""Unicode script classes (Han, Latin words) and which characters can form a token."""
import re
import unicodedata

HAN_PATTERN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN_RUN = re.compile(f"[{HAN_PATTERN}]+")
HAN_CHAR = re.compile(f"[{HAN_PATTERN}]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)?")


def is_han(char: str) -> bool:
    return bool(HAN_CHAR.match(char))


def is_word_char(char: str) -> bool:
    """Letters, digits and symbols (emoji) can form tokens; punctuation,
    separators and control characters cannot."""
    category = unicodedata.category(char)
    return category[0] in ("L", "N", "S")
