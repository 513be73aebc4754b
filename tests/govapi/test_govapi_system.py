"""Health, the OpenAPI document against the real routes, API keys, sandbox switch, database outage."""
from __future__ import annotations

import re
from functools import lru_cache

import requests
import yaml
from govapi_support import API_KEY, Client, GovapiServer, assert_error
from sqlalchemy import create_engine, text

from govapi.app import OPENAPI_FILE, create_app
from govapi.config import Settings

METHODS = {"get", "post", "put", "patch", "delete"}


def spec_operations(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item if method in METHODS}


@lru_cache(maxsize=1)
def route_operations() -> frozenset[tuple[str, str]]:
    app = create_app(Settings(), name="govapi_route_listing")
    operations = set()
    for route in app.router.routes:
        path = "/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", route.path).strip("/")
        operations.update((method, path) for method in route.methods if method.lower() in METHODS)
    return frozenset(operations)


def test_openapi_document_lists_exactly_the_routes(api):
    served = requests.get(api.base_url + "/openapi.json", timeout=10)
    assert served.status_code == 200
    spec = served.json()
    assert spec == yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.")
    assert spec_operations(spec) == route_operations()


def test_health_needs_no_key(api):
    response = requests.get(api.base_url + "/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_every_v1_route_requires_the_api_key(api):
    spec = requests.get(api.base_url + "/openapi.json", timeout=10).json()
    for method, path in sorted(spec_operations(spec)):
        if not path.startswith("/v1/"):
            continue
        url = api.base_url + path.replace("{", "").replace("}", "")
        missing = requests.request(method, url, headers={"X-Chat-User": "tg:1"}, json={}, timeout=10)
        assert_error(missing, 401, "unauthorized")
        wrong = requests.request(method, url, headers={"X-API-Key": API_KEY + "x"}, json={}, timeout=10)
        assert_error(wrong, 401, "unauthorized")


def test_unknown_route_and_method_answer_json_errors(api):
    assert_error(api.get("/v1/no-such-thing"), 404, "not_found")
    assert_error(api.request("PUT", "/v1/matters"), 405, "method_not_allowed")


def test_sandbox_routes_are_absent_outside_the_sandbox(databases):
    server = GovapiServer(databases.url("sqlite"), databases.workdir,
                          {"GOVAPI_SANDBOX": "0", "GOVAPI_SEED_CITIZENS": "5"}).start()
    try:
        response = requests.get(server.base_url + "/sandbox/sms", params={"phone": "13800000001"}, timeout=10)
        assert_error(response, 404, "not_found")
        advance = requests.post(server.base_url + "/sandbox/applications/JS20260101000001/advance",
                                json={"status": "accepted"}, timeout=10)
        assert_error(advance, 404, "not_found")
    finally:
        server.stop()


def test_database_failures_answer_json_and_log_no_personal_data(databases):
    url = databases.url("postgresql")
    server = GovapiServer(url, databases.workdir, {"GOVAPI_SEED_CITIZENS": "5"}).start()
    try:
        assert requests.get(server.base_url + "/health", timeout=10).status_code == 200
        user = Client(server.base_url, "web:db-failure")
        handle = user.start("320102198503121234")
        engine = create_engine(url, future=True)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE otp_codes CASCADE"))
        engine.dispose()
        otp = user.post("/v1/auth/otp", json={"handle": handle, "phone": "13800000001"})
        assert_error(otp, 500, "internal")
        assert "Traceback" not in otp.text and "otp_codes" not in otp.text
        log = server.log()
        assert "UndefinedTable" in log  # the failure itself is logged ...
        assert "13800000001" not in log and "320102198503121234" not in log  # ... without its parameters

        databases.drop(url.rsplit("/", 1)[1])
        response = requests.get(server.base_url + "/health", timeout=30)
        assert response.status_code == 503
        assert response.json() == {"status": "unavailable"}
        failing = requests.get(server.base_url + "/v1/me", headers={"X-API-Key": API_KEY, "X-Chat-User": "tg:1"},
                               timeout=30)
        assert_error(failing, 500, "internal")
    finally:
        server.stop()


def test_access_log_has_no_personal_data(api, server):
    api.as_user("web:access-log").send_code("320102198503121234", "13800000001")
    requests.get(api.base_url + "/sandbox/sms", params={"phone": "13800000001"}, timeout=10)
    api.get("/v1/applications/32010219850312123X")
    api.get("/v1/complaints/13800000001")
    api.get("/v1/applications/JS20261125000123")
    log = server.log()
    assert "GET /v1/applications/*** 403" in log and "GET /v1/complaints/*** 403" in log
    assert "GET /v1/applications/JS20261125000123 403" in log
    assert "POST /v1/auth/identity 201" in log and "POST /v1/auth/otp 202" in log
    assert "13800000001" not in log and "320102198503121234" not in log
