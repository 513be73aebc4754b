"""Generic submissions of online matters and reading a case by its number."""
from __future__ import annotations

import re

from sanic import Blueprint

from govapi import applications, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import current_citizen
from govapi.models import Application
from govapi.seed.matters import GENERIC
from govapi.validation import details_object, json_object, required_string

bp = Blueprint("applications", url_prefix="/v1")
CASE_NUMBER = re.compile(r"JS\d{14}")


@bp.get("/me/applications")
async def my_applications(request):
    with reading(request) as session:
        items = applications.list_for(session, current_citizen(request, session).id)
    return ok({"applications": items, "total": len(items)})


def _submittable(request, code: str) -> dict:
    matter = request.app.ctx.catalogue.matters.get(code)
    if matter is None:
        raise ApiError(404, "matter_not_found")
    if not matter["online"]:
        raise ApiError(409, "matter_offline", link=matter["link"])
    if matter["api_path"] != GENERIC:
        raise ApiError(400, "invalid_field", "matter_code", use=matter["api_path"])
    return matter


@bp.post("/me/applications")
async def submit(request):
    body = json_object(request)
    matter = _submittable(request, required_string(body, "matter_code", 64))
    details = details_object(body)
    for field in matter["required_fields"]:
        value = details.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, "missing_field", f"details.{field}")
    with writing(request) as session:
        citizen = current_citizen(request, session)
        case = applications.create(session, citizen.id, matter["code"], details, clock.now())
        answer = applications.receipt(session, case)
    return ok(answer, 201)


def _own_case(request, session, case_number: str) -> Application:
    citizen = current_citizen(request, session)
    if not CASE_NUMBER.fullmatch(case_number):
        raise ApiError(404, "not_found")
    case = session.get(Application, case_number)
    if case is None or case.citizen_id != citizen.id:
        raise ApiError(404, "not_found")
    return case


@bp.get("/applications/<case_number:str>")
async def show(request, case_number: str):
    with reading(request) as session:
        return ok({"application": applications.to_json(session, _own_case(request, session, case_number))})
