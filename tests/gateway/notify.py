"""Signing and posting platform events to a gateway's notification webhook, as govapi does."""
import hashlib
import hmac
import json
import time
import uuid

import requests

SECRET = "notify-secret-for-tests"


def status_event(recipients: list[dict[str, str]], status: str = "accepted", urgent: bool = False,
                 case_number: str = "JS20261201000042", event_id: str | None = None) -> dict:
    return {"event_id": event_id or str(uuid.uuid4()), "kind": "status", "urgent": urgent,
            "created_at": "2026-12-01T10:00:00+08:00", "recipients": recipients,
            "payload": {"case_number": case_number, "status": status, "matter_code": "residence_permit",
                        "matter_name_zh": "居住证申领", "matter_name_en": "residence permit application"}}


def post_event(gateway_url: str, event, secret: str = SECRET, timestamp: int | None = None,
               signature: str | None = None) -> requests.Response:
    body = event if isinstance(event, bytes) else json.dumps(event, ensure_ascii=False).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signed = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return requests.post(gateway_url + "/notifications/platform", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Tongban-Timestamp": stamp,
        "X-Tongban-Signature": signed if signature is None else signature})
