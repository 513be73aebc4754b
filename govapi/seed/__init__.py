"""First-start seeding: reference data, demo citizens and generated citizens, once per database."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from govapi import applications, models
from govapi.seed.citizens import SeedData, add_demo_citizens, add_generated_citizens, generated_citizens
from govapi.seed.county_apps import app_rows
from govapi.seed.divisions import hall_rows, load_divisions
from govapi.seed.matters import DEPARTMENTS, MATTERS

SEEDED_KEY = "seeded_on"
CHUNK = 5000

# Tables filled from SeedData, parents first.
CITIZEN_TABLES = (models.Citizen, models.Contribution, models.SocialSecurityCard, models.PensionAccount,
                  models.PensionPayment, models.MedicalAccount, models.MedicalTransaction,
                  models.HousingFundAccount, models.HousingFundContribution)


def seeded_on(engine: Engine) -> dt.date | None:
    with Session(engine, future=True) as session:
        value = session.get(models.Meta, SEEDED_KEY)
        return dt.date.fromisoformat(value.value) if value else None


def seed_database(engine: Engine, citizen_count: int, slot_capacity: int, today: dt.date | None = None) -> bool:
    """Fills an empty database in one transaction; returns False when it was already seeded."""
    if seeded_on(engine):
        return False
    as_of = today or dt.date.today()
    divisions = load_divisions()
    with Session(engine, future=True) as session, session.begin():
        _bulk(session, models.Division, [
            {"code": d.code, "city_code": d.city_code, "name_zh": d.name_zh, "name_en": d.name_en, "kind": d.kind}
            for d in divisions])
        _bulk(session, models.Hall, hall_rows(divisions, slot_capacity))
        _bulk(session, models.Matter, [_matter_row(m) for m in MATTERS])
        _seed_county_apps(session)
        _bulk_citizens(session, divisions, citizen_count, as_of)
        _seed_demo_applications(session, as_of)
        _seed_demo_documents(session, as_of)
        session.add(models.Meta(key=SEEDED_KEY, value=as_of.isoformat()))
    return True


def _bulk(session: Session, model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start:start + CHUNK])


def _matter_row(matter) -> dict:
    department_zh, department_en = DEPARTMENTS[matter.category]
    return {"code": matter.code, "category": matter.category, "name_zh": matter.name_zh, "name_en": matter.name_en,
            "department_zh": department_zh, "department_en": department_en,
            "materials_json": json.dumps([{"zh": zh, "en": en} for zh, en in matter.materials], ensure_ascii=False),
            "fee_yuan": float(matter.fee_yuan), "time_limit_days": matter.time_limit_days, "online": matter.online,
            "required_fields_json": json.dumps(list(matter.required_fields))}


def _seed_county_apps(session: Session) -> None:
    for app, functions in app_rows():
        app_id = session.execute(insert(models.CountyApp).values(**app)).inserted_primary_key[0]
        _bulk(session, models.CountyAppFunction, [dict(f, app_id=app_id) for f in functions])


def _bulk_citizens(session: Session, divisions, citizen_count: int, as_of: dt.date) -> None:
    by_code = {d.code: d for d in divisions}
    counties = {d.code: d.city_code for d in divisions if d.kind != "city"}
    names = {code: (by_code[city].name_zh + by_code[code].name_zh,
                    f"{by_code[code].name_en}, {by_code[city].name_en}") for code, city in counties.items()}
    data = SeedData()
    add_demo_citizens(data, as_of)
    add_generated_citizens(data, citizen_count, counties, names, as_of)
    for model in CITIZEN_TABLES:
        _bulk(session, model, data.rows.get(model.__tablename__, []))
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # citizen ids were given explicitly; move the serial sequence past them
        session.execute(text("SELECT setval(pg_get_serial_sequence('citizens', 'id'), (SELECT MAX(id) FROM citizens))"))


def _seed_demo_applications(session: Session, as_of: dt.date) -> None:
    """李娜: a residence permit under review and the record of her lost card."""
    reported = dt.datetime.combine(as_of - dt.timedelta(days=12), dt.time(10, 5))
    applications.create(session, 2, "ss_card_loss", {"reason": "lost"}, reported, ("submitted", "completed"))
    submitted = dt.datetime.combine(as_of - dt.timedelta(days=6), dt.time(14, 30))
    applications.create(session, 2, "residence_permit",
                        {"county_code": "320583", "address": "昆山市前进中路218号"}, submitted,
                        ("submitted", "accepted", "in_review"))


def _seed_demo_documents(session: Session, as_of: dt.date) -> None:
    """Expiry dates the reminders find: 张伟's ID card in 45 days, 李娜's residence permit in 20."""
    session.add_all([models.CitizenDocument(citizen_id=1, kind="id_card", expires_on=as_of + dt.timedelta(days=45)),
                     models.CitizenDocument(citizen_id=2, kind="residence_permit",
                                            expires_on=as_of + dt.timedelta(days=20))])


def generated_logins(count: int) -> list[tuple[str, str]]:
    """(id_number, phone) of the first `count` generated citizens, as seeded."""
    counties = sorted(d.code for d in load_divisions() if d.kind != "city")
    return [(number, phone) for number, phone, _, _ in generated_citizens(count, counties)]
