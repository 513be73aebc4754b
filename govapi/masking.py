"""Masks for personal data shown outside govapi."""


def mask_id(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def mask_name(name: str) -> str:
    if len(name) <= 1:
        return name
    if name.isascii():
        return name.split(" ")[0] + " *"
    return name[0] + "*" * (len(name) - 1)


def mask_account(number: str) -> str:
    return "*" * (len(number) - 4) + number[-4:]
