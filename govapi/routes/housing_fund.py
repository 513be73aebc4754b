"""Housing provident fund: balance, contributions and withdrawals."""
from __future__ import annotations

from sanic import Blueprint
from sqlalchemy import select

from govapi import applications, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing, yuan
from govapi.identity import current_citizen
from govapi.masking import mask_account
from govapi.models import HousingFundAccount, HousingFundContribution
from govapi.validation import choice, int_arg, json_object, positive_amount

bp = Blueprint("housing_fund", url_prefix="/v1/me")

WITHDRAWAL_MATTERS = {"rent": "housing_fund_withdrawal_rent", "purchase": "housing_fund_withdrawal_purchase",
                      "retirement": "housing_fund_withdrawal_retirement"}


def _account(session, citizen_id: int) -> HousingFundAccount:
    account = session.get(HousingFundAccount, citizen_id)
    if account is None:
        raise ApiError(404, "no_account")
    return account


@bp.get("/housing-fund")
async def balance(request):
    months = int_arg(request, "months", 12, 1, 120)
    with reading(request) as session:
        citizen = current_citizen(request, session)
        account = _account(session, citizen.id)
        rows = session.execute(select(HousingFundContribution)
                               .where(HousingFundContribution.citizen_id == citizen.id)
                               .order_by(HousingFundContribution.month.desc()).limit(months)).scalars().all()
    return ok({"account": {"account_number_masked": mask_account(account.account_number),
                           "employer_zh": account.employer_zh, "employer_en": account.employer_en,
                           "balance": yuan(account.balance_fen), "monthly_deposit": yuan(account.monthly_fen),
                           "status": account.status},
               "contributions": [{"month": c.month, "amount": yuan(c.amount_fen)} for c in rows]})


@bp.get("/housing-fund/withdrawals")
async def withdrawals(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        items = applications.list_for(session, citizen.id, tuple(WITHDRAWAL_MATTERS.values()))
    return ok({"applications": items, "total": len(items)})


@bp.post("/housing-fund/withdrawals")
async def withdraw(request):
    body = json_object(request)
    reason = choice(body, "reason", WITHDRAWAL_MATTERS)
    amount_fen = positive_amount(body, "amount")
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        account = _account(session, citizen.id)
        if reason == "retirement" and citizen.employment_status != "retired":
            raise ApiError(409, "not_eligible")
        if amount_fen > account.balance_fen:
            raise ApiError(409, "insufficient_balance", balance=yuan(account.balance_fen))
        if applications.has_open(session, citizen.id, tuple(WITHDRAWAL_MATTERS.values())):
            raise ApiError(409, "already_applied")
        case = applications.create(session, citizen.id, WITHDRAWAL_MATTERS[reason],
                                   {"reason": reason, "amount": yuan(amount_fen)}, now)
        answer = applications.receipt(session, case)
    return ok(answer, 201)
