"""Length-preserving text normalisation.

Every function here maps a string to a string of exactly the same length, so
that an offset into the normalised text is also an offset into the text the
user typed. Entity and token positions therefore always index the original.
"""
import unicodedata
from functools import lru_cache

import opencc

_FULLWIDTH_FIRST = 0xFF01
_FULLWIDTH_LAST = 0xFF5E
_FULLWIDTH_OFFSET = 0xFEE0
_IDEOGRAPHIC_SPACE = "\u3000"


@lru_cache(maxsize=1)
def _t2s_converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII variants (ＡＢＣ１２３，？) and the ideographic space to ASCII."""
    chars = []
    for char in text:
        code = ord(char)
        if _FULLWIDTH_FIRST <= code <= _FULLWIDTH_LAST:
            chars.append(chr(code - _FULLWIDTH_OFFSET))
        elif char == _IDEOGRAPHIC_SPACE:
            chars.append(" ")
        else:
            chars.append(char)
    return "".join(chars)


def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese, one character for one character.

    Phrase-level conversion is used when it keeps the length (it resolves
    characters such as 乾/干 from context); otherwise each character is
    converted on its own so offsets stay aligned.
    """
    converter = _t2s_converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    chars = []
    for char in text:
        single = converter.convert(char)
        chars.append(single if len(single) == 1 else char)
    return "".join(chars)


def fold_case(text: str) -> str:
    """Lower-case every character whose lower-case form is one character long."""
    return "".join(
        lowered if len(lowered := char.lower()) == 1 else char for char in text
    )


def blank_control_characters(text: str) -> str:
    """Control and format characters (NUL, zero-width space, BOM ...) become spaces."""
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )


def normalise(text: str) -> str:
    """Half-width, Simplified, lower-cased text of the same length as ``text``."""
    if not text:
        return ""
    normalised = fold_case(to_simplified(to_halfwidth(blank_control_characters(text))))
    assert len(normalised) == len(text)
    return normalised
