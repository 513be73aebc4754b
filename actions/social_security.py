"""Social insurance: contribution record, the card, pension, unemployment benefit."""
from actions.catalogue import fetch_matter
from actions.govapi_client import CONFLICT, GovApiError
from actions.replies import Conversation

RECENT_MONTHS = 12


def contributions(talk: Conversation) -> str:
    record = talk.govapi.get("/v1/me/social-security/contributions", chat_user=talk.chat_user,
                             months=RECENT_MONTHS)
    summary = record.get("summary", {})
    months = [{"month": m["month"], "base": talk.amount(m["base"]), "pension": talk.amount(m["pension"]),
               "medical": talk.amount(m["medical"]), "unemployment": talk.amount(m["unemployment"])}
              for m in record.get("months", [])]
    talk.say("utter_contributions", total_months=summary.get("total_months", 0), years=summary.get("years", 0),
             first_month=summary.get("first_month") or "-", last_month=summary.get("last_month") or "-",
             employer=talk.pick(summary.get("employer_zh"), summary.get("employer_en")) or "-",
             count=len(months), months=talk.lines("utter_line_contribution_month", months))
    return "done"


def _card_action(talk: Conversation, path: str, response: str) -> str:
    try:
        receipt = talk.govapi.post(path, {}, chat_user=talk.chat_user)
    except GovApiError as error:
        if error.kind != CONFLICT:
            raise
        return card_status(talk)
    days = fetch_matter(talk, "ss_card_replacement").get("time_limit_days", 7)
    talk.say(response, case_number=receipt.get("case_number", ""), days=days, working_days=talk.working_days(days))
    return "done"


def card_status(talk: Conversation) -> str:
    card = talk.govapi.get("/v1/me/social-security/card", chat_user=talk.chat_user)["card"]
    values = {"number": card.get("number_masked", ""), "bank": talk.pick(card.get("bank_zh"), card.get("bank_en"))}
    by_status = {"active": "utter_card_active", "lost": "utter_card_lost"}
    response = by_status.get(card.get("status"), "utter_card_replacing")
    talk.say(response, **values)
    return "done"


def social_security_card(talk: Conversation) -> str:
    choice = next(talk.tracker.get_latest_entity_values("choice"), None)
    if choice == "report_loss":
        return _card_action(talk, "/v1/me/social-security/card/loss", "utter_card_loss_done")
    if choice == "replacement":
        return _card_action(talk, "/v1/me/social-security/card/replacement", "utter_card_replacement_done")
    return card_status(talk)


def pension(talk: Conversation) -> str:
    answer = talk.govapi.get("/v1/me/pension", chat_user=talk.chat_user)
    account = answer.get("pension", {})
    payments = [{"month": p["month"], "amount": talk.amount(p["amount"]), "paid_on": p["paid_on"]}
                for p in answer.get("payments", [])[:6]]
    talk.say("utter_pension", monthly_amount=talk.amount(account.get("monthly_amount")),
             retired_on=account.get("retired_on", ""), certified_until=account.get("certified_until", ""),
             payments=talk.lines("utter_line_pension_payment", payments))
    if account.get("certification_due"):
        talk.say("utter_pension_certification_due", link=fetch_matter(talk, "pension_certification").get("link", ""))
    return "done"


def unemployment_benefit(talk: Conversation) -> str:
    if next(talk.tracker.get_latest_entity_values("choice"), None) == "apply":
        try:
            receipt = talk.govapi.post("/v1/me/unemployment-benefit", {}, chat_user=talk.chat_user)
        except GovApiError as error:
            if error.kind != CONFLICT:
                raise
            return _not_eligible(talk, (error.payload or {}).get("error", {}).get("reasons", []))
        days = fetch_matter(talk, "unemployment_benefit").get("time_limit_days", 5)
        talk.say("utter_unemployment_applied", case_number=receipt.get("case_number", ""), days=days,
                 working_days=talk.working_days(days))
        return "done"
    eligibility = talk.govapi.get("/v1/me/unemployment-benefit", chat_user=talk.chat_user)
    if not eligibility.get("eligible"):
        return _not_eligible(talk, eligibility.get("reasons", []))
    talk.say("utter_unemployment_eligible", monthly_amount=talk.amount(eligibility.get("monthly_amount")),
             months_entitled=eligibility.get("months_entitled", 0))
    return "done"


def _not_eligible(talk: Conversation, reasons) -> str:
    text = " ".join(talk.pick(r.get("message_zh"), r.get("message_en")) for r in reasons)
    talk.say("utter_unemployment_not_eligible", reasons=text)
    return "done"
