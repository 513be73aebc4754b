"""Medical insurance: the personal account, remote-treatment filings and reimbursement claims."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint
from sqlalchemy import select

from govapi import applications, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing, yuan
from govapi.identity import current_citizen
from govapi.models import MedicalAccount, MedicalTransaction
from govapi.validation import choice, int_arg, iso_date, json_object, positive_amount, required_string

bp = Blueprint("medical", url_prefix="/v1/me/medical")

FILING_REASONS = ("resettled_retiree", "long_term_residence", "work_assignment", "referral", "emergency")
FILING_MATTERS = ("medical_remote_filing",)
CLAIM_MATTERS = ("medical_reimbursement",)


@bp.get("/account")
async def account(request):
    limit = int_arg(request, "limit", 10, 1, 100)
    with reading(request) as session:
        citizen = current_citizen(request, session)
        found = session.get(MedicalAccount, citizen.id)
        if found is None:
            raise ApiError(404, "no_account")
        rows = session.execute(select(MedicalTransaction).where(MedicalTransaction.citizen_id == citizen.id)
                               .order_by(MedicalTransaction.day.desc(), MedicalTransaction.id.desc())
                               .limit(limit)).scalars().all()
    return ok({"account": {"balance": yuan(found.balance_fen), "insured_city_code": found.insured_city_code},
               "transactions": [{"date": t.day.isoformat(), "kind": t.kind, "place_zh": t.place_zh,
                                 "place_en": t.place_en, "amount": yuan(t.amount_fen)} for t in rows]})


@bp.get("/remote-filings")
async def filings(request):
    with reading(request) as session:
        items = applications.list_for(session, current_citizen(request, session).id, FILING_MATTERS)
    return ok({"applications": items, "total": len(items)})


@bp.post("/remote-filings")
async def file_remote_treatment(request):
    body = json_object(request)
    destination = required_string(body, "destination", 100)
    reason = choice(body, "reason", FILING_REASONS)
    start = iso_date(body.get("start_date"), "start_date")
    today = clock.today()
    if not today - dt.timedelta(days=30) <= start <= today + dt.timedelta(days=180):
        raise ApiError(400, "invalid_field", "start_date")
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        case = applications.create(session, citizen.id, "medical_remote_filing",
                                   {"destination": destination, "reason": reason, "start_date": start.isoformat()},
                                   now, ("submitted", "accepted", "approved"))
        answer = applications.receipt(session, case)
    return ok(answer, 201)


@bp.get("/reimbursements")
async def claims(request):
    with reading(request) as session:
        items = applications.list_for(session, current_citizen(request, session).id, CLAIM_MATTERS)
    return ok({"applications": items, "total": len(items)})


@bp.post("/reimbursements")
async def claim(request):
    body = json_object(request)
    amount_fen = positive_amount(body, "amount", 1_000_000)
    hospital = required_string(body, "hospital", 100)
    treated = iso_date(body.get("treatment_date"), "treatment_date")
    today = clock.today()
    if not today - dt.timedelta(days=730) <= treated <= today:
        raise ApiError(400, "invalid_field", "treatment_date")
    now = clock.now()
    with writing(request) as session:
        citizen = current_citizen(request, session)
        case = applications.create(session, citizen.id, "medical_reimbursement",
                                   {"amount": yuan(amount_fen), "hospital": hospital,
                                    "treatment_date": treated.isoformat()}, now)
        answer = applications.receipt(session, case)
    return ok(answer, 201)
