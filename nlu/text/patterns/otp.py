"""One-time verification codes (6 digits).

NLU cannot see whether the bot just asked for a code (``requested_slot`` is
dialogue state), so a 6-digit number counts as an ``otp`` when it is the
only standalone 6-digit number in the message and either
  * the rest of the message is short (at most 12 characters besides the
    number: "123456", "刚收到的是305817", "it's 123456"), or
  * the message mentions a code (验证码 / 校验码 / 动态码 / code / otp / pin),
and the message does not call it a postal code (邮编 / postcode / zip).
The dialogue only fills the otp slot while it is asking for one.
"""
import re

from nlu.text.found import Found

OTP = "otp"
SHORT_REST = 12

_SIX_DIGITS = re.compile(r"(?<![0-9a-z])\d{6}(?![0-9a-z])")
_CODE_WORDS = re.compile(r"验证码|校验码|动态码|短信码|\bcode\b|\botp\b|\bpin\b")
_POSTAL_WORDS = re.compile(r"邮编|邮政编码|post\s*code|postal|\bzip\b")


def find_otps(normalised_text: str) -> list[Found]:
    matches = list(_SIX_DIGITS.finditer(normalised_text))
    if len(matches) != 1 or _POSTAL_WORDS.search(normalised_text):
        return []
    match = matches[0]
    rest = (normalised_text[: match.start()] + normalised_text[match.end():]).strip()
    if len(rest) > SHORT_REST and not _CODE_WORDS.search(normalised_text):
        return []
    return [Found(OTP, match.group(), match.start(), match.end())]
