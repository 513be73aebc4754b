"""Service halls, slots, the matter catalogue and the former county apps."""
from __future__ import annotations

import csv
import datetime as dt

from govapi_support import REPO, assert_error

DIVISIONS = list(csv.DictReader((REPO / "nlu/resources/jiangsu_divisions.csv").open(encoding="utf-8")))
CATEGORIES = {"social_security", "medical", "household", "housing_fund", "business", "civil_affairs", "vehicles"}


def next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_one_hall_per_city_and_per_county(api):
    body = api.get("/v1/halls").json()
    assert body["total"] == len(DIVISIONS) == 108
    codes = {h["code"] for h in body["halls"]}
    assert codes == {d["code"] for d in DIVISIONS}
    city_halls = [h for h in body["halls"] if h["county_code"] is None]
    assert len(city_halls) == 13
    for hall in body["halls"]:
        assert hall["name_zh"].endswith("政务服务中心") and "Government Service Centre" in hall["name_en"]
        assert hall["address_zh"].startswith("江苏省") and hall["address_en"].endswith("Jiangsu")
        assert hall["hours_zh"] and hall["hours_en"] and hall["phone"]
        assert 30 < hall["lat"] < 36 and 116 < hall["lng"] < 122.5


def test_hall_filters(api):
    suzhou = api.get("/v1/halls", params={"city": "320500"}).json()
    expected = {d["code"] for d in DIVISIONS if d["city_code"] == "320500"}
    assert {h["code"] for h in suzhou["halls"]} == expected
    kunshan = api.get("/v1/halls", params={"county": "320583"}).json()
    assert [h["code"] for h in kunshan["halls"]] == ["320583"]
    assert kunshan["halls"][0]["name_zh"] == "昆山市政务服务中心"
    gulou = api.get("/v1/halls", params={"q": "鼓楼"}).json()
    assert {h["code"] for h in gulou["halls"]} == {"320106", "320302"}
    english = api.get("/v1/halls", params={"q": "kunshan"}).json()
    assert [h["code"] for h in english["halls"]] == ["320583"]
    spoken = api.get("/v1/halls", params={"q": "昆山政务服务中心"}).json()
    assert [h["code"] for h in spoken["halls"]] == ["320583"]
    words = api.get("/v1/halls", params={"q": "Gulou Xuzhou"}).json()
    assert [h["code"] for h in words["halls"]] == ["320302"]
    assert api.get("/v1/halls", params={"q": "no such place"}).json() == {"halls": [], "total": 0}
    assert_error(api.get("/v1/halls", params={"city": "110000"}), 400, "invalid_field")
    assert_error(api.get("/v1/halls", params={"q": "x" * 101}), 400, "invalid_field")


def test_nearest_halls_are_sorted_by_distance(api):
    body = api.get("/v1/halls/nearest", params={"lat": 32.06, "lng": 118.80, "limit": 5}).json()
    distances = [h["distance_km"] for h in body["halls"]]
    assert len(distances) == 5 and distances == sorted(distances)
    assert body["halls"][0]["city_code"] == "320100"
    assert_error(api.get("/v1/halls/nearest", params={"lat": 95, "lng": 118}), 400, "invalid_field")
    assert_error(api.get("/v1/halls/nearest", params={"lat": "abc", "lng": 118}), 400, "invalid_field")
    assert_error(api.get("/v1/halls/nearest", params={"lng": 118}), 400, "missing_field")


def test_single_hall(api):
    assert api.get("/v1/halls/320102").json()["hall"]["name_en"] == "Xuanwu District Government Service Centre"
    assert_error(api.get("/v1/halls/999999"), 404, "hall_not_found")


def test_slots_of_a_working_day(api):
    day = next_weekday(dt.date.today() + dt.timedelta(days=2))
    body = api.get("/v1/halls/320583/slots", params={"date": day.isoformat()}).json()
    assert body["open"] is True and len(body["slots"]) >= 10
    for slot in body["slots"]:
        assert slot["capacity"] == 4 and slot["booked"] + slot["available"] == slot["capacity"]
    city = api.get("/v1/halls/320500/slots", params={"date": day.isoformat()}).json()
    assert city["slots"][0]["capacity"] == 8


def test_closed_days_and_bad_dates(api):
    day = dt.date.today() + dt.timedelta(days=3)
    while day.weekday() != 6:
        day += dt.timedelta(days=1)
    sunday = api.get("/v1/halls/320583/slots", params={"date": day.isoformat()}).json()
    assert sunday["open"] is False and sunday["slots"] == []
    past = api.get("/v1/halls/320583/slots", params={"date": "2020-01-06"}).json()
    assert past["open"] is False
    assert_error(api.get("/v1/halls/320583/slots", params={"date": "2026-02-30"}), 400, "invalid_date")
    assert_error(api.get("/v1/halls/320583/slots", params={"date": "tomorrow"}), 400, "invalid_date")
    assert_error(api.get("/v1/halls/320583/slots"), 400, "invalid_date")
    assert_error(api.get("/v1/halls/000000/slots", params={"date": day.isoformat()}), 404, "hall_not_found")


def test_matter_catalogue(api):
    body = api.get("/v1/matters").json()
    assert body["total"] >= 40
    assert {m["category"] for m in body["matters"]} == CATEGORIES
    for matter in body["matters"]:
        assert matter["name_zh"] and matter["name_en"] and matter["department_zh"] and matter["department_en"]
        assert matter["materials"] and all(m["zh"] and m["en"] for m in matter["materials"])
        assert matter["fee_yuan"] >= 0 and matter["time_limit_days"] >= 0 and isinstance(matter["online"], bool)
        assert matter["link"] == f"https://sfb.jiangsu.gov.cn/m/{matter['code']}"
    vehicles = api.get("/v1/matters", params={"category": "vehicles"}).json()
    assert vehicles["total"] >= 3 and all(m["category"] == "vehicles" for m in vehicles["matters"])
    search = api.get("/v1/matters", params={"q": "居住证"}).json()
    assert "residence_permit" in {m["code"] for m in search["matters"]}
    search_en = api.get("/v1/matters", params={"q": "PASSPORT"}).json()
    assert [m["code"] for m in search_en["matters"]] == ["passport_application"]
    assert_error(api.get("/v1/matters", params={"category": "taxes"}), 400, "invalid_field")


def test_single_matter(api):
    matter = api.get("/v1/matters/hukou_transfer").json()["matter"]
    assert matter["category"] == "household" and matter["online"] is True
    assert matter["api_path"] == "/v1/me/applications" and "to_county_code" in matter["required_fields"]
    assert_error(api.get("/v1/matters/unknown_matter"), 404, "matter_not_found")


def test_app_migrations_cover_demo_counties_and_more(api):
    everything = api.get("/v1/app-migrations").json()
    assert everything["total"] >= 24
    assert everything["unified_app"]["name_zh"] == "苏服办"
    matters = {m["code"] for m in api.get("/v1/matters").json()["matters"]}
    for county in ("320102", "320583", "320302", "321302"):
        body = api.get("/v1/app-migrations", params={"county": county}).json()
        assert body["total"] >= 1
        for app in body["apps"]:
            assert app["county_code"] == county and app["name_zh"] and app["name_en"]
            dt.date.fromisoformat(app["shut_down_on"])
            assert len(app["functions"]) >= 4
            for function in app["functions"]:
                assert function["matter_code"] in matters
                assert function["link"].endswith("/" + function["matter_code"])
    suzhou = api.get("/v1/app-migrations", params={"city": "320500"}).json()
    assert suzhou["total"] >= 3 and all(a["city_code"] == "320500" for a in suzhou["apps"])
    none = api.get("/v1/app-migrations", params={"county": "320113"}).json()
    assert none["apps"] == [] and none["unified_app"]["link"]
    assert_error(api.get("/v1/app-migrations", params={"county": "kunshan"}), 400, "invalid_field")
