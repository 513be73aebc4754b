"""Masks personal data in free text: ID numbers 3201**********1234, phones 138****0001,
bank cards ************1234, 6-digit codes ******, a name the citizen gives ("我叫**",
"my name is **"). The only place where these patterns live."""
import re
from typing import Any

# Digits not glued to other digits, so a number inside a longer one is left to its own rule.
_ID_NUMBER = re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])")
_BANK_CARD = re.compile(r"(?<!\d)(\d{12,15})(\d{4})(?!\d)")
_BANK_CARD_GROUPED = re.compile(r"(?<!\d)\d{4}(?:[ -]\d{2,4}){2,4}(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")
_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
# A name right after the words that introduce one; Chinese names are 2-4 characters.
_NAME_ZH = re.compile(r"(我叫|我的名字是|我的名字叫|本人姓名[:：]?|姓名[:：]|名字[:：])"
                      r"\s*(?!什么|啥)[\u4e00-\u9fff·]{2,4}")
_NAME_EN = re.compile(r"\b((?i:my name is|my name's|name:))\s+[A-Za-z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*){0,2}")
NAME_MASK = "**"
CODE_MASK = "******"


def _mask_id(match: re.Match) -> str:
    return mask_id(match.group(0))


def _mask_card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if not 12 <= len(digits) <= 19:
        return match.group(0)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_personal_data(text: str, codes: bool = True) -> str:
    """The text with every ID number, bank card, phone number, given name and (unless
    `codes` is false) 6-digit code masked. Values the dialogue computes itself, such as
    6-digit division codes, are masked with codes=False."""
    if not text:
        return text
    text = _ID_NUMBER.sub(_mask_id, text)
    text = _BANK_CARD_GROUPED.sub(_mask_card, text)
    text = _BANK_CARD.sub(_mask_card, text)
    text = _PHONE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    text = _NAME_ZH.sub(lambda m: m.group(1) + NAME_MASK, text)
    text = _NAME_EN.sub(lambda m: f"{m.group(1)} {NAME_MASK}", text)
    return _CODE.sub(CODE_MASK, text) if codes else text


def mask_nested(value: Any, codes: bool = True) -> Any:
    """A JSON-like value (strings, dicts, lists) with personal data masked in every string."""
    if isinstance(value, str):
        return mask_personal_data(value, codes)
    if isinstance(value, dict):
        return {key: mask_nested(item, codes) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_nested(item, codes) for item in value]
    return value


def mask_id(number: str) -> str:
    """An ID number for display: 3201**********1234."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) > 8 else "****"


def mask_phone(number: str) -> str:
    """A mobile number for display: 138****0001."""
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "***"
