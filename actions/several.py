"""Several requests in one message ("查下公积金，顺便问问社保卡丢了怎么办"): the message is cut at its
connectors and each part is named by the words of its matter. The NLU names the message's main
request; the parts let the dialogue take up the others after it."""
import re

from actions.wording import simplified

# (a part that names no matter, as in "身份证和户口本", is left out, so "和"/"and" cut nothing wrongly)
CONNECTORS = re.compile(r"[，,；;。]?\s*(?:顺便(?:再)?(?:问问|问一下|问下|查查|查一下|查下)?"
                        r"|另外|还有|以及|同时|然后|还要|和|跟|再问(?:一下|下)?)|[；;]"
                        r"|\s*,?\s*\b(?:and also|and then|also|as well as|plus|and)\b\s*",
                        re.IGNORECASE)
# Words that name a request in a part of a message, most specific first.
WORDS_OF_INTENT = (
    ("social_security_card", re.compile(r"社保卡|医保卡.*(?:丢|遗失|补)|social security card", re.I)),
    ("housing_fund_withdrawal", re.compile(r"提取公积金|公积金提取|取公积金|withdraw", re.I)),
    ("housing_fund_balance", re.compile(r"公积金|housing fund", re.I)),
    ("medical_remote_filing", re.compile(r"异地就医|异地备案|treatment in another", re.I)),
    ("medical_insurance_balance", re.compile(r"医保|medical insurance", re.I)),
    ("pension_payment", re.compile(r"养老金|退休金|pension", re.I)),
    ("unemployment_benefit", re.compile(r"失业金|失业保险|unemployment", re.I)),
    ("social_security_contributions", re.compile(r"社保|缴费记录|social (?:security|insurance)|contribution", re.I)),
    ("application_status", re.compile(r"办件|进度|application status|my application", re.I)),
)


def intent_of(part: str) -> str | None:
    return next((intent for intent, words in WORDS_OF_INTENT if words.search(part)), None)


def requests_in(text: str, main_intent: str) -> list[dict[str, str]]:
    """The requests of a message in its order, each with its part of the text; empty unless it
    asks for two or more different things, one of them the NLU's."""
    if not text or text.startswith("/"):
        return []
    parts = [part.strip(" ，,。.？?!！") for part in CONNECTORS.split(simplified(text))]
    found = [{"intent": intent, "text": part} for part in parts if part and (intent := intent_of(part))]
    intents = [item["intent"] for item in found]
    if len(set(intents)) < 2 or main_intent not in intents:
        return []
    seen: set = set()
    unique: list[dict[str, str]] = []
    for item in found:
        if item["intent"] not in seen:
            seen.add(item["intent"])
            unique.append(item)
    return unique
