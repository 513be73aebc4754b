"""The SMS-code flow: sending, verifying, binding, lockout, expiry and the per-phone rate limit."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from govapi.seed import generated_logins
from govapi_support import DEMO, assert_error

ZHANG_ID, ZHANG_PHONE = DEMO["zhang"]


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_code_is_sent_to_the_sandbox_outbox(api):
    sent = api.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": ZHANG_PHONE})
    assert sent.status_code == 202
    assert sent.json() == {"sent": True, "expires_in": 300, "phone_masked": "138****0001"}
    message = api.http.get(api.base_url + "/sandbox/sms", params={"phone": ZHANG_PHONE}).json()["messages"][0]
    assert len(message["code"]) == 6 and message["code"].isdigit()
    assert message["code"] in message["text_zh"] and message["code"] in message["text_en"]
    assert "验证码" in message["text_zh"] and "verification code" in message["text_en"]


def test_verify_binds_the_chat_user(api):
    user = api.as_user("tg:424242")
    user.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": ZHANG_PHONE})
    before = user.get("/v1/auth/session").json()
    assert before == {"bound": False}
    verified = user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": api.latest_code(ZHANG_PHONE)})
    assert verified.status_code == 200
    body = verified.json()
    assert body["verified"] is True and body["expires_at"]
    assert body["citizen"] == {"name_masked": "张*", "name_en_masked": "Zhang *",
                               "id_masked": "3201**********1234", "phone_masked": "138****0001"}
    session = user.get("/v1/auth/session").json()
    assert session["bound"] is True and session["citizen"]["id_masked"] == "3201**********1234"
    assert user.get("/v1/me").status_code == 200
    ended = user.delete("/v1/auth/session")
    assert ended.json() == {"bound": False, "removed": True}
    assert_error(user.get("/v1/me"), 403, "not_verified")


def test_code_is_single_use(api):
    user = api.as_user("web:single-use")
    user.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": ZHANG_PHONE})
    code = api.latest_code(ZHANG_PHONE)
    assert user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": code}).status_code == 200
    assert_error(user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": code}), 400, "no_pending_code")


def test_a_new_code_replaces_the_previous_one(api):
    user = api.as_user("web:replaced")
    user.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": ZHANG_PHONE})
    first = api.latest_code(ZHANG_PHONE)
    user.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": ZHANG_PHONE})
    second = api.latest_code(ZHANG_PHONE)
    if first != second:
        assert_error(user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": first}), 401, "wrong_code")
    assert user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": second}).status_code == 200


def test_otp_input_checks(api):
    assert_error(api.post("/v1/auth/otp", json={"id_number": "320102198503121235", "phone": ZHANG_PHONE}),
                 400, "invalid_id_number")
    assert_error(api.post("/v1/auth/otp", json={"id_number": "32010219850312123", "phone": ZHANG_PHONE}),
                 400, "invalid_id_number")
    assert_error(api.post("/v1/auth/otp", json={"id_number": "320102198513121231", "phone": ZHANG_PHONE}),
                 400, "invalid_id_number")
    assert_error(api.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": "12345"}), 400, "invalid_phone")
    assert_error(api.post("/v1/auth/otp", json={"id_number": ZHANG_ID, "phone": "13800000002"}),
                 404, "citizen_not_found")
    assert_error(api.post("/v1/auth/otp", json={"id_number": 320102198503121234, "phone": ZHANG_PHONE}),
                 400, "invalid_id_number")
    assert_error(api.post("/v1/auth/otp", json={"phone": ZHANG_PHONE}), 400, "invalid_id_number")
    # lower-case check character and a +86 phone are accepted
    assert api.post("/v1/auth/otp", json={"id_number": DEMO["wang"][0].lower(),
                                          "phone": "+86 138-0000-0003"}).status_code == 202


def test_verify_input_checks(api):
    assert_error(api.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": "123456"}), 400,
                 "invalid_chat_user")
    user = api.as_user("tg:verify-checks")
    assert_error(user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": "12345"}), 400, "invalid_field")
    assert_error(user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": 123456}), 400, "invalid_field")
    bad_user = api.as_user("telegram 1; drop table")
    assert_error(bad_user.post("/v1/auth/verify", json={"id_number": ZHANG_ID, "code": "123456"}), 400,
                 "invalid_chat_user")


def test_five_wrong_codes_lock_the_citizen(api):
    id_number, phone = generated_logins(200)[150]
    user = api.as_user("tg:lockout")
    user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone})
    code = api.latest_code(phone)
    for attempts_left in (4, 3, 2, 1):
        error = assert_error(user.post("/v1/auth/verify", json={"id_number": id_number, "code": wrong_code(code)}),
                             401, "wrong_code")
        assert error["attempts_left"] == attempts_left
    locked = assert_error(user.post("/v1/auth/verify", json={"id_number": id_number, "code": wrong_code(code)}),
                          423, "locked")
    assert locked["locked_until"]
    # the right code no longer helps, and no new code is sent while locked
    assert_error(user.post("/v1/auth/verify", json={"id_number": id_number, "code": code}), 423, "locked")
    assert_error(user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone}), 423, "locked")
    assert user.get("/v1/auth/session").json() == {"bound": False}


def test_sms_rate_limit_per_phone(strict_api):
    id_number, phone = generated_logins(20)[1]
    for _ in range(3):
        assert strict_api.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone}).status_code == 202
    limited = assert_error(strict_api.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone}),
                           429, "rate_limited")
    assert limited["retry_after"] >= 1
    other_id, other_phone = generated_logins(20)[2]
    assert strict_api.post("/v1/auth/otp", json={"id_number": other_id, "phone": other_phone}).status_code == 202


def test_expired_code_is_refused(strict_api):
    id_number, phone = generated_logins(20)[3]
    user = strict_api.as_user("web:expiry")
    user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone})
    code = strict_api.latest_code(phone)
    time.sleep(2.5)  # codes live 2 s on the strict server
    assert_error(user.post("/v1/auth/verify", json={"id_number": id_number, "code": code}), 410, "code_expired")


def test_binding_expires(strict_api):
    id_number, phone = generated_logins(20)[4]
    user = strict_api.login(id_number, phone)
    assert user.get("/v1/me").status_code == 200
    time.sleep(3.5)  # bindings live 3 s on the strict server
    assert_error(user.get("/v1/me"), 403, "not_verified")
    assert user.get("/v1/auth/session").json() == {"bound": False}


def test_lockout_ends(strict_api):
    id_number, phone = generated_logins(20)[5]
    user = strict_api.as_user("web:lock-ends")
    user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone})
    code = strict_api.latest_code(phone)
    for _ in range(5):
        user.post("/v1/auth/verify", json={"id_number": id_number, "code": wrong_code(code)})
    assert_error(user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone}), 423, "locked")
    time.sleep(3.5)  # lockouts last 3 s on the strict server
    assert user.post("/v1/auth/otp", json={"id_number": id_number, "phone": phone}).status_code == 202
    assert user.post("/v1/auth/verify", json={"id_number": id_number,
                                              "code": strict_api.latest_code(phone)}).status_code == 200


def test_parallel_guesses_cannot_skip_the_lockout(api):
    id_number, phone = generated_logins(200)[151]
    users = [api.as_user(f"web:guess-{i}") for i in range(10)]
    users[0].post("/v1/auth/otp", json={"id_number": id_number, "phone": phone})
    code = api.latest_code(phone)
    barrier = threading.Barrier(len(users))

    def guess(pair):
        index, user = pair
        barrier.wait()
        wrong = f"{(int(code) + 1 + index) % 1_000_000:06d}"
        return user.post("/v1/auth/verify", json={"id_number": id_number, "code": wrong})

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        statuses = [r.status_code for r in pool.map(guess, enumerate(users))]
    assert statuses.count(401) == 4, statuses
    assert 423 in statuses and set(statuses) <= {401, 423, 400}, statuses
    assert_error(users[0].post("/v1/auth/verify", json={"id_number": id_number, "code": code}), 423, "locked")
