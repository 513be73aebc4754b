"""Citizen-scoped routes answer only for the citizen bound to the calling chat user."""
from __future__ import annotations

import datetime as dt

import pytest
import requests
from govapi_support import DEMO, assert_error

# A valid body for each citizen-scoped write, so that only authorization can refuse it.
VALID_BODIES = {
    "/v1/me/appointments": lambda: {"hall_code": "320583", "matter_code": "residence_permit",
                                    "date": next_weekday().isoformat(), "time": "10:00"},
    "/v1/me/social-security/transfers": lambda: {"from_region": "上海市"},
    "/v1/me/medical/remote-filings": lambda: {"destination": "上海市", "reason": "referral",
                                              "start_date": dt.date.today().isoformat()},
    "/v1/me/medical/reimbursements": lambda: {"amount": 10, "hospital": "x",
                                              "treatment_date": dt.date.today().isoformat()},
    "/v1/me/housing-fund/withdrawals": lambda: {"reason": "rent", "amount": 10},
    "/v1/me/applications": lambda: {"matter_code": "marriage_record_certificate"},
}


def next_weekday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def citizen_scoped_operations(base_url: str) -> list[tuple[str, str]]:
    spec = requests.get(base_url + "/openapi.json", timeout=10).json()
    chat_user = "#/components/parameters/ChatUser"
    return sorted((method.upper(), path) for path, item in spec["paths"].items() for method, op in item.items()
                  if not path.startswith("/v1/auth/")
                  and any(p.get("$ref") == chat_user for p in op.get("parameters", [])))


def call(client, method: str, path: str, numbers: dict):
    concrete = path.format(case_number=numbers["case"], number=numbers["number"])
    body = VALID_BODIES.get(path, dict)() if method == "POST" else None
    return client.request(method, concrete, json=body)


def test_the_citizen_scoped_list_is_complete(api):
    operations = citizen_scoped_operations(api.base_url)
    paths = {path for _, path in operations}
    assert {"/v1/me", "/v1/applications/{case_number}", "/v1/complaints/{number}"} <= paths
    assert len(operations) >= 25


@pytest.mark.parametrize("chat_user", [None, "tg:never-verified", "web:someone-else"])
def test_unverified_chat_users_are_refused_everywhere(api, chat_user):
    client = api.as_user(chat_user) if chat_user else api
    numbers = {"case": "JS20260101000001", "number": "YY20260101000001"}
    for method, path in citizen_scoped_operations(api.base_url):
        assert_error(call(client, method, path, numbers), 403, "not_verified")


def test_malformed_chat_user_is_rejected(api):
    for value in ("tg:1, tg:2", "tg:", "email:a@b.c", "tg:" + "9" * 60, "tg:1 OR 1=1"):
        assert_error(api.as_user(value).get("/v1/me"), 400, "invalid_chat_user")


def test_a_bound_chat_user_never_reaches_another_citizens_data(api, login):
    li, zhang = login("li"), login("zhang")
    li_case = next(c["case_number"] for c in li.get("/v1/me/applications").json()["applications"]
                   if c["matter_code"] == "residence_permit")
    li_booking = li.post("/v1/me/appointments", json=VALID_BODIES["/v1/me/appointments"]())
    assert li_booking.status_code == 201, li_booking.text
    li_appointment = li_booking.json()["appointment"]["number"]
    li_order = li.post("/v1/complaints", json={"category": "property", "location": "昆山", "text": "电梯故障"})
    li_work_order = li_order.json()["work_order"]["number"]

    assert_error(zhang.get(f"/v1/applications/{li_case}"), 404, "not_found")
    assert_error(zhang.delete(f"/v1/me/appointments/{li_appointment}"), 404, "not_found")
    assert_error(zhang.get(f"/v1/complaints/{li_work_order}"), 404, "not_found")
    # every one of Zhang Wei's own reads carries his data only
    li_id, li_phone = DEMO["li"]
    for method, path in citizen_scoped_operations(api.base_url):
        if method != "GET" or "{" in path:
            continue
        response = zhang.get(path)
        assert response.status_code in (200, 404), (path, response.text)
        assert li_case not in response.text and li_appointment not in response.text, path
        assert "李" not in response.text and li_phone[-4:] + '"' not in response.text, path
    # query parameters or extra headers naming someone else change nothing
    me = zhang.get("/v1/me", params={"id_number": li_id}, headers={"X-Citizen-Id": "2"}).json()["citizen"]
    assert me["id_masked"] == "3201**********1234"
    # and Li Na still sees her own records
    assert li.get(f"/v1/applications/{li_case}").status_code == 200
    assert li.get(f"/v1/complaints/{li_work_order}").status_code == 200
    assert li.delete(f"/v1/me/appointments/{li_appointment}").json()["appointment"]["status"] == "cancelled"


def test_rebinding_a_chat_user_switches_the_citizen(api):
    user = api.login(*DEMO["zhang"])
    assert user.get("/v1/me").json()["citizen"]["name_masked"] == "张*"
    li_id, li_phone = DEMO["li"]
    handle, _ = user.send_code(li_id, li_phone)
    user.post("/v1/auth/verify", json={"handle": handle, "code": api.latest_code(li_phone)})
    assert user.get("/v1/me").json()["citizen"]["name_masked"] == "李*"
