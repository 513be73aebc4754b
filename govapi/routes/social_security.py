"""Social insurance: contributions, the card, transfers, pension and unemployment benefit."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint
from sqlalchemy import func, select

from govapi import applications, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing, yuan
from govapi.identity import current_citizen
from govapi.masking import mask_account
from govapi.models import Citizen, Contribution, PensionAccount, PensionPayment, SocialSecurityCard
from govapi.validation import int_arg, json_object, optional_division_code, optional_string, required_string

bp = Blueprint("social_security", url_prefix="/v1/me")

# Monthly minimum wage by city (yuan); unemployment benefit pays 90 % of it.
MINIMUM_WAGE = {"320100": 2490, "320200": 2490, "320400": 2490, "320500": 2490, "320300": 2260,
                "320600": 2260, "321000": 2260, "321100": 2260, "321200": 2260}
DEFAULT_MINIMUM_WAGE = 2010
UNEMPLOYMENT_MATTERS = ("unemployment_benefit",)
TRANSFER_MATTERS = ("ss_transfer",)


@bp.get("/social-security/contributions")
async def contributions(request):
    months = int_arg(request, "months", 12, 1, 120)
    with reading(request) as session:
        citizen = current_citizen(request, session)
        total, first, last = session.execute(
            select(func.count(), func.min(Contribution.month), func.max(Contribution.month))
            .where(Contribution.citizen_id == citizen.id)).one()
        recent = session.execute(select(Contribution).where(Contribution.citizen_id == citizen.id)
                                 .order_by(Contribution.month.desc()).limit(months)).scalars().all()
    latest = recent[0] if recent else None
    return ok({
        "summary": {"total_months": total, "years": round(total / 12, 1), "first_month": first, "last_month": last,
                    "employer_zh": latest.employer_zh if latest else None,
                    "employer_en": latest.employer_en if latest else None},
        "months": [{"month": c.month, "employer_zh": c.employer_zh, "employer_en": c.employer_en,
                    "base": yuan(c.base_fen), "pension": yuan(c.pension_fen), "medical": yuan(c.medical_fen),
                    "unemployment": yuan(c.unemployment_fen)} for c in recent],
    })


def _card(session, citizen: Citizen) -> SocialSecurityCard:
    card = session.get(SocialSecurityCard, citizen.id)
    if card is None:
        raise ApiError(404, "no_account")
    return card


def _card_json(card: SocialSecurityCard) -> dict:
    return {"number_masked": mask_account(card.card_number), "status": card.status, "bank_zh": card.bank_zh,
            "bank_en": card.bank_en, "issued_on": card.issued_on.isoformat(), "updated_at": clock.iso(card.updated_at)}


@bp.get("/social-security/card")
async def card(request):
    with reading(request) as session:
        return ok({"card": _card_json(_card(session, current_citizen(request, session)))})


@bp.post("/social-security/card/loss")
async def report_loss(request):
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        card = _card(session, citizen)
        if card.status != "active":
            raise ApiError(409, "card_not_active", card_status=card.status)
        card.status, card.updated_at = "lost", now
        case = applications.create(session, citizen.id, "ss_card_loss", {}, now, ("submitted", "completed"))
        body = {**applications.receipt(session, case), "card": _card_json(card)}
    return ok(body, 201)


@bp.post("/social-security/card/replacement")
async def request_replacement(request):
    body = json_object(request) if request.body else {}
    details = {"collect_county_code": optional_division_code(body, "collect_county_code"),
               "mail_address": optional_string(body, "mail_address", 200)}
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        card = _card(session, citizen)
        if card.status != "lost":
            raise ApiError(409, "card_not_lost", card_status=card.status)
        card.status, card.updated_at = "replacing", now
        case = applications.create(session, citizen.id, "ss_card_replacement",
                                   {k: v for k, v in details.items() if v}, now)
        answer = {**applications.receipt(session, case), "card": _card_json(card)}
    return ok(answer, 201)


@bp.get("/social-security/transfers")
async def transfers(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        items = applications.list_for(session, citizen.id, TRANSFER_MATTERS)
    return ok({"applications": items, "total": len(items)})


@bp.post("/social-security/transfers")
async def request_transfer(request):
    body = json_object(request)
    from_region = required_string(body, "from_region", 100)
    to_city = optional_division_code(body, "to_city_code")
    if to_city is not None and to_city not in request.app.ctx.catalogue.divisions:
        raise ApiError(400, "invalid_field", "to_city_code")
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        if applications.has_open(session, citizen.id, TRANSFER_MATTERS):
            raise ApiError(409, "already_applied")
        case = applications.create(session, citizen.id, "ss_transfer",
                                   {"from_region": from_region, "to_city_code": to_city or citizen.city_code}, now)
        answer = applications.receipt(session, case)
    return ok(answer, 201)


@bp.get("/pension")
async def pension(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        account = session.get(PensionAccount, citizen.id)
        if account is None:
            raise ApiError(404, "no_account")
        payments = session.execute(select(PensionPayment).where(PensionPayment.citizen_id == citizen.id)
                                   .order_by(PensionPayment.month.desc()).limit(12)).scalars().all()
    return ok({"pension": _pension_json(account), "payments": [
        {"month": p.month, "amount": yuan(p.amount_fen), "paid_on": p.paid_on.isoformat()} for p in payments]})


def _pension_json(account: PensionAccount) -> dict:
    today = clock.today()
    return {"retired_on": account.retired_on.isoformat(), "monthly_amount": yuan(account.monthly_fen),
            "certified_until": account.certified_until.isoformat(),
            "certification_due": account.certified_until <= today + dt.timedelta(days=30)}


@bp.post("/pension/certification")
async def certify(request):
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        account = session.get(PensionAccount, citizen.id)
        if account is None:
            raise ApiError(404, "no_account")
        account.certified_until = now.date() + dt.timedelta(days=365)
        case = applications.create(session, citizen.id, "pension_certification", {}, now,
                                   ("submitted", "completed"))
        answer = {**applications.receipt(session, case), "pension": _pension_json(account)}
    return ok(answer, 201)


REASONS = {
    "not_unemployed": ("您目前不是失业状态。", "You are not registered as unemployed."),
    "too_few_months": ("失业保险缴费不满12个月。", "Unemployment insurance was paid for less than 12 months."),
    "already_applied": ("已有在办的失业金申请。", "A claim is already in progress."),
}


def _eligibility(session, citizen: Citizen) -> dict:
    months = session.execute(select(func.count()).where(Contribution.citizen_id == citizen.id)).scalar_one()
    reasons = []
    if citizen.employment_status != "unemployed":
        reasons.append("not_unemployed")
    if months < 12:
        reasons.append("too_few_months")
    if applications.has_open(session, citizen.id, UNEMPLOYMENT_MATTERS):
        reasons.append("already_applied")
    years = months / 12
    return {
        "eligible": not reasons,
        "reasons": [{"code": r, "message_zh": REASONS[r][0], "message_en": REASONS[r][1]} for r in reasons],
        "contribution_months": months,
        "separated_on": citizen.separated_on.isoformat() if citizen.separated_on else None,
        "monthly_amount": round(MINIMUM_WAGE.get(citizen.city_code, DEFAULT_MINIMUM_WAGE) * 0.9, 2),
        "months_entitled": 0 if months < 12 else 12 if years < 5 else 18 if years < 10 else 24,
    }


@bp.get("/unemployment-benefit")
async def unemployment_eligibility(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        return ok(_eligibility(session, citizen))


@bp.post("/unemployment-benefit")
async def claim_unemployment(request):
    body = json_object(request) if request.body else {}
    bank = optional_string(body, "bank_card_last4", 4)
    if bank is not None and (len(bank) != 4 or not bank.isdigit()):
        raise ApiError(400, "invalid_field", "bank_card_last4")
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        eligibility = _eligibility(session, citizen)
        if not eligibility["eligible"]:
            only_pending = [r["code"] for r in eligibility["reasons"]] == ["already_applied"]
            raise ApiError(409, "already_applied" if only_pending else "not_eligible", reasons=eligibility["reasons"])
        case = applications.create(session, citizen.id, "unemployment_benefit",
                                   {"monthly_amount": eligibility["monthly_amount"],
                                    "months_entitled": eligibility["months_entitled"],
                                    **({"bank_card_last4": bank} if bank else {})}, now)
        answer = applications.receipt(session, case)
    return ok(answer, 201)
