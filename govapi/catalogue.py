"""Read-only reference data (divisions, halls, matters, former county apps), loaded once per worker
from the database and answered from memory."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from govapi.models import CountyApp, CountyAppFunction, Division, Hall, Matter
from govapi.seed.matters import DEEP_LINK, MATTERS

UNIFIED_APP = {"name_zh": "苏服办", "name_en": "Su Fu Ban", "link": "https://sfb.jiangsu.gov.cn"}
API_PATHS = {m.code: m.api_path for m in MATTERS}
HALL_FIELDS = ("code", "name_zh", "name_en", "city_code", "county_code", "address_zh", "address_en", "phone",
               "hours_zh", "hours_en", "lat", "lng")


@dataclass
class Catalogue:
    divisions: dict[str, dict]
    halls: dict[str, dict]
    hall_capacity: dict[str, int]
    matters: dict[str, dict]
    county_apps: list[dict]

    def search_text(self, item: dict) -> str:
        return " ".join(str(item.get(k) or "") for k in ("code", "name_zh", "name_en", "address_zh", "address_en"))


def matter_json(matter: Matter) -> dict:
    return {"code": matter.code, "category": matter.category, "name_zh": matter.name_zh,
            "name_en": matter.name_en, "department_zh": matter.department_zh,
            "department_en": matter.department_en, "materials": json.loads(matter.materials_json),
            "fee_yuan": matter.fee_yuan, "time_limit_days": matter.time_limit_days, "online": matter.online,
            "link": DEEP_LINK.format(code=matter.code), "api_path": API_PATHS.get(matter.code),
            "required_fields": json.loads(matter.required_fields_json)}


def load(engine: Engine) -> Catalogue:
    with Session(engine, future=True) as session:
        divisions = {d.code: {"code": d.code, "city_code": d.city_code, "name_zh": d.name_zh,
                              "name_en": d.name_en, "kind": d.kind}
                     for d in session.execute(select(Division)).scalars()}
        hall_rows = session.execute(select(Hall).order_by(Hall.code)).scalars().all()
        halls = {h.code: {field: getattr(h, field) for field in HALL_FIELDS} for h in hall_rows}
        matters = {m.code: matter_json(m) for m in session.execute(select(Matter).order_by(Matter.code)).scalars()}
        functions: dict[int, list[dict]] = {}
        for function in session.execute(select(CountyAppFunction).order_by(CountyAppFunction.id)).scalars():
            matter = matters[function.matter_code]
            functions.setdefault(function.app_id, []).append({
                "name_zh": function.name_zh, "name_en": function.name_en, "matter_code": matter["code"],
                "matter_name_zh": matter["name_zh"], "matter_name_en": matter["name_en"], "link": matter["link"]})
        apps = []
        for app in session.execute(select(CountyApp).order_by(CountyApp.county_code, CountyApp.id)).scalars():
            county = divisions[app.county_code]
            apps.append({"name_zh": app.name_zh, "name_en": app.name_en, "county_code": app.county_code,
                         "city_code": county["city_code"], "county_name_zh": county["name_zh"],
                         "county_name_en": county["name_en"], "shut_down_on": app.shut_down_on.isoformat(),
                         "functions": functions.get(app.id, [])})
    return Catalogue(divisions, halls, {h.code: h.slot_capacity for h in hall_rows}, matters, apps)
