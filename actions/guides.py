"""How-to questions about matters that need identity to act on ("社保卡丢了怎么办", "how do I check
my pension"): the guide comes first (steps, materials, fee, where, the unified app's link), then
an offer to do it now in the chat. Verification starts only when the citizen takes the offer or
asks for their own data."""
import re
from dataclasses import dataclass

from actions.catalogue import fetch_matter, show_guide
from actions.identity import is_verified
from actions.replies import Conversation, say_filled
from actions.wording import simplified

# "how do I ..." without asking for one's own record ("我的…怎么查" asks for the record).
HOW_TO_ZH = re.compile(r"怎么|怎样|如何|咋|啥材料|什么材料|要带什么|需要什么|流程|手续|步骤|去哪[里儿]?办")
HOW_TO_EN = re.compile(r"\bhow (?:do|can|should|would) (?:i|we|you|one)\b|\bhow to\b"
                       r"|\bwhat (?:do i|documents|papers)\b", re.IGNORECASE)
OWN_RECORD_ZH = re.compile(r"我的|帮我|给我|替我")
LOSS = re.compile(r"丢|遗失|掉了|不见了|被偷|lost|lose|stolen|missing", re.IGNORECASE)
REPLACE = re.compile(r"补办|补卡|补领|换卡|坏了|损坏|replace|damaged|broken", re.IGNORECASE)
ACTIVATE = re.compile(r"启用|激活|activate", re.IGNORECASE)
CERTIFY = re.compile(r"认证|资格|certif", re.IGNORECASE)


@dataclass(frozen=True)
class Guide:
    matter: str        # catalogue code whose guide is shown
    intent: str        # the request that does it in the chat
    choice: str        # the choice its button carries
    offer: str         # the offer's response


CARD_LOSS = Guide("ss_card_loss", "social_security_card", "report_loss", "utter_offer_report_loss")
CARD_REPLACEMENT = Guide("ss_card_replacement", "social_security_card", "replacement", "utter_offer_do_now")


def _card(text: str) -> Guide | None:
    if LOSS.search(text):
        return CARD_LOSS
    if REPLACE.search(text):
        return CARD_REPLACEMENT
    if ACTIVATE.search(text):
        return Guide("ss_card_activation", "", "", "")
    return Guide("ss_card_apply", "", "", "")


def _medical(text: str) -> Guide | None:
    # the medical insurance card is the social security card
    if LOSS.search(text):
        return CARD_LOSS
    return Guide("medical_account_query", "medical_insurance_balance", "now", "utter_offer_check_now")


def _pension(text: str) -> Guide | None:
    if CERTIFY.search(text):
        return Guide("pension_certification", "", "", "")
    return Guide("pension_payment_query", "pension_payment", "now", "utter_offer_check_now")


GUIDE_OF_INTENT = {
    "social_security_card": _card,
    "medical_insurance_balance": _medical,
    "pension_payment": _pension,
    "social_security_contributions":
        lambda text: Guide("ss_contribution_record", "social_security_contributions", "now", "utter_offer_check_now"),
    "housing_fund_balance":
        lambda text: Guide("housing_fund_query", "housing_fund_balance", "now", "utter_offer_check_now"),
    "unemployment_benefit":
        lambda text: Guide("unemployment_benefit", "unemployment_benefit", "now", "utter_offer_do_now"),
    "medical_remote_filing":
        lambda text: Guide("medical_remote_filing", "medical_remote_filing", "now", "utter_offer_do_now"),
}


def is_how_to(text: str) -> bool:
    if not text or text.startswith("/"):
        return False
    text = simplified(text)
    if HOW_TO_EN.search(text):
        return True
    return bool(HOW_TO_ZH.search(text)) and not OWN_RECORD_ZH.search(text)


def guide_for(intent: str, text: str) -> Guide | None:
    """The guide a how-to question about the intent's matter gets, or None (not a how-to question)."""
    pick = GUIDE_OF_INTENT.get(intent)
    return pick(simplified(text)) if pick and is_how_to(text) else None


def answer(talk: Conversation, guide: Guide, offer: bool = True) -> None:
    """Shows the guide and (when the chat can do it) the offer to do it now."""
    matter = fetch_matter(talk, guide.matter)
    show_guide(talk, matter)
    if offer and guide.offer:
        note = "" if is_verified(talk.tracker) else talk.line("utter_part_needs_verification")
        say_filled(talk, guide.offer, intent=guide.intent, choice=guide.choice, verification=note)
    elif offer and not matter.get("online"):
        talk.say("utter_offer_booking")
