"""Property-based fuzzing of every operation from the served OpenAPI document (schemathesis).

Fails on any 5xx, on a status code the document does not list, and on a response body or content
type that does not match the document. A verified chat user is sent along so that citizen-scoped
routes are exercised past the authorization check."""
from __future__ import annotations

import pytest
import schemathesis
from govapi_support import API_KEY, DEMO, Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="session")
def fuzz_user(fuzz_server) -> Client:
    return Client(fuzz_server.base_url).login(*DEMO["wang"])


@pytest.fixture
def fuzz_schema(fuzz_server):
    return schemathesis.openapi.from_url(fuzz_server.base_url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, fuzz_user):
    # logging out would unbind the shared chat user for the operations that follow
    logout = case.method == "DELETE" and case.path == "/v1/auth/session"
    headers = {"X-API-Key": API_KEY, "X-Chat-User": "web:fuzz-logout" if logout else fuzz_user.chat_user}
    case.call_and_validate(headers=headers, checks=CHECKS)
