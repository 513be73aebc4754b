"""One-time verification codes (6 digits).

NLU cannot see whether the bot just asked for a code (``requested_slot`` is
dialogue state), so a 6-digit number counts as an ``otp`` when either
  * it is the whole message, apart from spaces and punctuation ("123456",
    "123 456" is not accepted), or
  * the message mentions a code (验证码 / 校验码 / 动态码 / code / otp).
The dialogue only fills the otp slot while it is asking for one.
"""
import re
from typing import List

from nlu.rules import Found

OTP = "otp"

_SIX_DIGITS = re.compile(r"(?<![0-9a-z])\d{6}(?![0-9a-z])")
_CODE_WORDS = re.compile(r"验证码|校验码|动态码|短信码|\bcode\b|\botp\b|\bpin\b")
_NOT_CONTENT = re.compile(r"[\W_]+")


def find_otps(normalised_text: str) -> List[Found]:
    matches = list(_SIX_DIGITS.finditer(normalised_text))
    if len(matches) != 1:
        return []
    match = matches[0]
    rest = _NOT_CONTENT.sub("", normalised_text[: match.start()] + normalised_text[match.end():])
    if rest and not _CODE_WORDS.search(normalised_text):
        return []
    return [Found(OTP, match.group(), match.start(), match.end())]
