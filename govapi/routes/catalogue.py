"""Public reference data: service halls, the matter catalogue and the former county apps."""
from __future__ import annotations

import math

from sanic import Blueprint

from govapi.catalogue import UNIFIED_APP
from govapi.errors import ApiError
from govapi.http import ok
from govapi.seed.matters import CATEGORIES
from govapi.validation import division_code_arg, float_arg, int_arg, text_arg

bp = Blueprint("catalogue", url_prefix="/v1")


_ADMIN_SUFFIXES = str.maketrans("", "", "市区县省")


def _normalised(text: str) -> str:
    """Case-folded, without the administrative suffixes people often leave out (昆山 for 昆山市)."""
    return text.casefold().translate(_ADMIN_SUFFIXES)


def _matches(text: str, query: str | None) -> bool:
    """Every whitespace-separated word of the query occurs in the text."""
    if query is None:
        return True
    haystack = _normalised(text)
    return all(word in haystack for word in _normalised(query).split())


@bp.get("/halls")
async def list_halls(request):
    catalogue = request.app.ctx.catalogue
    city, county = division_code_arg(request, "city"), division_code_arg(request, "county")
    query = text_arg(request, "q")
    halls = [h for h in catalogue.halls.values()
             if (city is None or h["city_code"] == city) and (county is None or h["county_code"] == county)
             and _matches(catalogue.search_text(h), query)]
    return ok({"halls": halls, "total": len(halls)})


def _distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@bp.get("/halls/nearest")
async def nearest_halls(request):
    lat, lng = float_arg(request, "lat", -90, 90), float_arg(request, "lng", -180, 180)
    limit = int_arg(request, "limit", 3, 1, 20)
    ranked = sorted(({**h, "distance_km": round(_distance_km(lat, lng, h["lat"], h["lng"]), 2)}
                     for h in request.app.ctx.catalogue.halls.values()), key=lambda h: h["distance_km"])
    return ok({"halls": ranked[:limit], "total": min(limit, len(ranked))})


@bp.get("/halls/<code:str>")
async def show_hall(request, code: str):
    hall = request.app.ctx.catalogue.halls.get(code)
    if hall is None:
        raise ApiError(404, "hall_not_found")
    return ok({"hall": hall})


@bp.get("/matters")
async def list_matters(request):
    query = text_arg(request, "q")
    category = request.args.get("category")
    if category is not None and category not in CATEGORIES:
        raise ApiError(400, "invalid_field", "category", allowed=list(CATEGORIES))
    matters = [m for m in request.app.ctx.catalogue.matters.values()
               if (category is None or m["category"] == category)
               and _matches(" ".join((m["code"], m["name_zh"], m["name_en"])), query)]
    return ok({"matters": matters, "total": len(matters)})


@bp.get("/matters/<code:str>")
async def show_matter(request, code: str):
    matter = request.app.ctx.catalogue.matters.get(code)
    if matter is None:
        raise ApiError(404, "matter_not_found")
    return ok({"matter": matter})


@bp.get("/app-migrations")
async def app_migrations(request):
    city, county = division_code_arg(request, "city"), division_code_arg(request, "county")
    apps = [a for a in request.app.ctx.catalogue.county_apps
            if (county is None or a["county_code"] == county) and (city is None or a["city_code"] == city)]
    return ok({"apps": apps, "total": len(apps), "unified_app": UNIFIED_APP})
