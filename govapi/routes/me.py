"""The verified citizen's own profile."""
from __future__ import annotations

from sanic import Blueprint

from govapi.http import ok, reading
from govapi.identity import current_citizen, masked_citizen

bp = Blueprint("me", url_prefix="/v1")


@bp.get("/me")
async def profile(request):
    with reading(request) as session:
        citizen = current_citizen(request, session)
    divisions = request.app.ctx.catalogue.divisions
    city, county = divisions[citizen.city_code], divisions[citizen.county_code]
    return ok({"citizen": {
        **masked_citizen(citizen),
        "gender": citizen.gender,
        "birth_year": citizen.birth_date.year,
        "city_code": city["code"], "city_name_zh": city["name_zh"], "city_name_en": city["name_en"],
        "county_code": county["code"], "county_name_zh": county["name_zh"], "county_name_en": county["name_en"],
        "hukou_address_zh": citizen.hukou_address_zh, "hukou_address_en": citizen.hukou_address_en,
        "employment_status": citizen.employment_status,
    }})
