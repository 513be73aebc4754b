"""Hostile and malformed input gets a bilingual 4xx, never a 500."""
from __future__ import annotations

import pytest
from govapi_support import assert_error

BAD_BODIES = [
    (b"", "invalid_json"),
    (b"{not json", "invalid_json"),
    (b"[1, 2, 3]", "invalid_json"),
    (b'"just a string"', "invalid_json"),
    (b"null", "invalid_json"),
    (b"\xff\xfe\x00garbage", "invalid_json"),
]


@pytest.mark.parametrize("raw,code", BAD_BODIES)
def test_malformed_bodies(login, raw, code):
    zhang = login("zhang")
    for path in ("/v1/auth/identity", "/v1/auth/otp", "/v1/me/applications", "/v1/complaints",
                 "/v1/me/housing-fund/withdrawals"):
        response = zhang.post(path, data=raw, headers={"Content-Type": "application/json"})
        assert_error(response, 400, code)


def test_wrong_types_and_hostile_strings(login):
    zhang = login("zhang")
    cases = [
        ("/v1/auth/identity", {"id_number": ["320102198503121234"]}, "invalid_id_number"),
        ("/v1/auth/identity", {"id_number": "3201021985031212３４"}, "invalid_id_number"),
        ("/v1/auth/identity", {"id_number": "' OR 1=1 --"}, "invalid_id_number"),
        ("/v1/auth/otp", {"handle": ["vh_x"], "phone": "13800000001"}, "invalid_field"),
        ("/v1/auth/otp", {"handle": "' OR 1=1 --", "phone": "13800000001"}, "invalid_field"),
        ("/v1/complaints", {"category": "noise", "location": None, "text": "x"}, "missing_field"),
        ("/v1/complaints", {"category": "noise", "location": "   ", "text": "x"}, "invalid_field"),
        ("/v1/complaints", {"category": "noise", "location": "\ud800", "text": "x"}, "invalid_field"),
        ("/v1/me/housing-fund/withdrawals", {"reason": "rent", "amount": True}, "invalid_field"),
        ("/v1/me/housing-fund/withdrawals", {"reason": "rent", "amount": 1e308}, "invalid_field"),
        ("/v1/me/housing-fund/withdrawals", {"reason": "rent", "amount": 10 ** 40}, "invalid_field"),
        ("/v1/me/applications", {"matter_code": 42}, "invalid_field"),
        ("/v1/me/applications", {"matter_code": "hukou_transfer", "details": {"k" * 65: "v"}}, "invalid_field"),
        ("/v1/me/applications", {"matter_code": "residence_permit",
                                 "details": {f"k{i}": "v" for i in range(31)}}, "invalid_field"),
        ("/v1/me/appointments", {"hall_code": "320102", "matter_code": "id_card_renewal",
                                 "date": "2026-13-40", "time": "10:00"}, "invalid_date"),
    ]
    for path, body, code in cases:
        assert_error(zhang.post(path, json=body), 400, code)


def test_nan_and_infinity_are_refused(login):
    zhang = login("zhang")
    for raw in (b'{"reason": "rent", "amount": NaN}', b'{"reason": "rent", "amount": Infinity}',
                b'{"reason": "rent", "amount": 1e999}'):
        response = zhang.post("/v1/me/housing-fund/withdrawals", data=raw, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["error"]["message_en"]


def test_huge_body_is_refused(api):
    response = api.post("/v1/complaints", json={"category": "noise", "location": "x", "text": "x" * 200_000})
    assert_error(response, 413, "payload_too_large")


def test_huge_and_odd_query_strings(api):
    assert_error(api.get("/v1/matters", params={"q": "居" * 200}), 400, "invalid_field")
    assert_error(api.get("/v1/matters", params={"q": "居" * 5000}), 413, "payload_too_large")
    assert api.get("/v1/matters", params={"q": "%00<script>"}).json()["total"] == 0
    assert_error(api.get("/v1/halls/nearest", params={"lat": "nan", "lng": "1"}), 400, "invalid_field")
    assert_error(api.get("/v1/halls/nearest", params={"lat": "1e999", "lng": "1"}), 400, "invalid_field")
    assert_error(api.get("/sandbox/sms", params={"phone": "x" * 500}), 400, "invalid_phone")
    assert_error(api.get("/v1/me/medical/account", params={"limit": "-1"}), 400, "invalid_field")


def test_odd_path_segments(login):
    zhang = login("zhang")
    for path in ("/v1/applications/..%2F..%2Fetc", "/v1/applications/JS%00", "/v1/complaints/%F0%9F%98%80",
                 "/v1/halls/%27%20OR%201%3D1", "/v1/matters/" + "a" * 3000):
        response = zhang.get(path)
        assert response.status_code in (400, 404), (path, response.status_code, response.text)
        assert response.json()["error"]["message_zh"]
