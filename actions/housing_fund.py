"""Housing provident fund: balance and monthly deposit."""
from actions.replies import Conversation, status_text


def balance(talk: Conversation) -> str:
    account = talk.govapi.get("/v1/me/housing-fund", chat_user=talk.chat_user, months=1)["account"]
    talk.say("utter_housing_fund_balance", account=account.get("account_number_masked", ""),
             employer=talk.pick(account.get("employer_zh"), account.get("employer_en")),
             balance=talk.amount(account.get("balance")), monthly=talk.amount(account.get("monthly_deposit")),
             status=status_text(talk, account.get("status")))
    return "done"
