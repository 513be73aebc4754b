"""The verification flow: ID number -> handle, handle + phone -> SMS code, handle + code -> binding;
lockout, expiry and the per-phone rate limit."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from govapi_support import DEMO, assert_error

from govapi.seed import generated_logins

ZHANG_ID, ZHANG_PHONE = DEMO["zhang"]


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_id_number_is_exchanged_for_a_handle(api):
    user = api.as_user("web:handle")
    started = user.post("/v1/auth/identity", json={"id_number": ZHANG_ID})
    assert started.status_code == 201
    body = started.json()
    assert body["handle"].startswith("vh_") and len(body["handle"]) > 30
    assert body["id_masked"] == "3201**********1234" and body["expires_in"] == 1800
    assert ZHANG_ID not in started.text


def test_a_handle_does_not_tell_whether_the_citizen_exists(api):
    user = api.as_user("web:nobody")
    unknown = "110101199003074514"  # checksum-valid, not a citizen of the sandbox
    handle = user.start(unknown)
    assert_error(user.post("/v1/auth/otp", json={"handle": handle, "phone": ZHANG_PHONE}), 404, "citizen_not_found")


def test_code_is_sent_to_the_sandbox_outbox(api):
    _, sent = api.as_user("web:outbox").send_code(ZHANG_ID, ZHANG_PHONE)
    assert sent.status_code == 202
    assert sent.json() == {"sent": True, "expires_in": 300, "phone_masked": "138****0001"}
    message = api.http.get(api.base_url + "/sandbox/sms", params={"phone": ZHANG_PHONE}).json()["messages"][0]
    assert len(message["code"]) == 6 and message["code"].isdigit()
    assert message["code"] in message["text_zh"] and message["code"] in message["text_en"]
    assert "验证码" in message["text_zh"] and "verification code" in message["text_en"]


def test_verify_binds_the_chat_user(api):
    user = api.as_user("tg:424242")
    handle, _ = user.send_code(ZHANG_ID, ZHANG_PHONE)
    assert user.get("/v1/auth/session").json() == {"bound": False}
    verified = user.post("/v1/auth/verify", json={"handle": handle, "code": api.latest_code(ZHANG_PHONE)})
    assert verified.status_code == 200
    body = verified.json()
    assert body["verified"] is True and body["expires_at"]
    assert body["citizen"] == {"name_masked": "张*", "name_en_masked": "Zhang *",
                               "id_masked": "3201**********1234", "phone_masked": "138****0001",
                               "senior": False}
    session = user.get("/v1/auth/session").json()
    assert session["bound"] is True and session["citizen"]["id_masked"] == "3201**********1234"
    assert user.get("/v1/me").status_code == 200
    ended = user.delete("/v1/auth/session")
    assert ended.json() == {"bound": False, "removed": True}
    assert_error(user.get("/v1/me"), 403, "not_verified")


def test_verify_tells_a_senior_citizen_without_the_birth_date(api):
    wang_id, wang_phone = DEMO["wang"]    # born 1958
    user = api.as_user("tg:424243")
    handle, _ = user.send_code(wang_id, wang_phone)
    verified = user.post("/v1/auth/verify", json={"handle": handle, "code": api.latest_code(wang_phone)})
    citizen = verified.json()["citizen"]
    assert citizen["senior"] is True
    assert "1958" not in str(citizen) and "birth" not in str(citizen)


def test_a_handle_is_used_up_by_a_successful_check(api):
    user = api.as_user("web:single-use")
    handle, _ = user.send_code(ZHANG_ID, ZHANG_PHONE)
    code = api.latest_code(ZHANG_PHONE)
    assert user.post("/v1/auth/verify", json={"handle": handle, "code": code}).status_code == 200
    assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": code}), 404, "handle_not_found")


def test_a_handle_works_for_its_own_chat_user_only(api):
    handle, _ = api.as_user("web:owner").send_code(ZHANG_ID, ZHANG_PHONE)
    thief = api.as_user("web:thief")
    assert_error(thief.post("/v1/auth/otp", json={"handle": handle}), 404, "handle_not_found")
    assert_error(thief.post("/v1/auth/verify", json={"handle": handle, "code": api.latest_code(ZHANG_PHONE)}),
                 404, "handle_not_found")
    assert thief.get("/v1/auth/session").json() == {"bound": False}


def test_a_new_code_goes_to_the_phone_given_first_and_replaces_the_previous_one(api):
    user = api.as_user("web:replaced")
    handle, _ = user.send_code(ZHANG_ID, ZHANG_PHONE)
    first = api.latest_code(ZHANG_PHONE)
    again = user.post("/v1/auth/otp", json={"handle": handle})
    assert again.status_code == 202 and again.json()["phone_masked"] == "138****0001"
    second = api.latest_code(ZHANG_PHONE)
    if first != second:
        assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": first}), 401, "wrong_code")
    assert user.post("/v1/auth/verify", json={"handle": handle, "code": second}).status_code == 200


def test_identity_input_checks(api):
    user = api.as_user("web:checks")
    for number in ("320102198503121235", "32010219850312123", "320102198513121231", 320102198503121234, None):
        assert_error(user.post("/v1/auth/identity", json={"id_number": number}), 400, "invalid_id_number")
    assert_error(api.post("/v1/auth/identity", json={"id_number": ZHANG_ID}), 400, "invalid_chat_user")
    assert user.post("/v1/auth/identity", json={"id_number": DEMO["wang"][0].lower()}).status_code == 201


def test_otp_input_checks(api):
    user = api.as_user("web:otp-checks")
    handle = user.start(ZHANG_ID)
    assert_error(user.post("/v1/auth/otp", json={"handle": handle, "phone": "12345"}), 400, "invalid_phone")
    assert_error(user.post("/v1/auth/otp", json={"handle": handle, "phone": 13800000001}), 400, "invalid_phone")
    assert_error(user.post("/v1/auth/otp", json={"handle": handle}), 400, "missing_field")
    assert_error(user.post("/v1/auth/otp", json={"handle": handle, "phone": "13800000002"}), 404, "citizen_not_found")
    assert_error(user.post("/v1/auth/otp", json={"phone": ZHANG_PHONE}), 400, "invalid_field")
    assert_error(user.post("/v1/auth/otp", json={"handle": "vh_made-up", "phone": ZHANG_PHONE}), 404,
                 "handle_not_found")
    assert_error(api.post("/v1/auth/otp", json={"handle": handle, "phone": ZHANG_PHONE}), 400, "invalid_chat_user")
    # a +86 phone with separators is accepted
    wang = api.as_user("web:plus86")
    assert wang.send_code(DEMO["wang"][0], "+86 138-0000-0003")[1].status_code == 202


def test_verify_input_checks(api):
    user = api.as_user("tg:verify-checks")
    handle = user.start(ZHANG_ID)
    assert_error(api.post("/v1/auth/verify", json={"handle": handle, "code": "123456"}), 400, "invalid_chat_user")
    assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": "12345"}), 400, "invalid_field")
    assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": 123456}), 400, "invalid_field")
    assert_error(user.post("/v1/auth/verify", json={"handle": 42, "code": "123456"}), 400, "invalid_field")
    bad_user = api.as_user("telegram 1; drop table")
    assert_error(bad_user.post("/v1/auth/verify", json={"handle": handle, "code": "123456"}), 400,
                 "invalid_chat_user")


def test_five_wrong_codes_lock_the_citizen(api):
    id_number, phone = generated_logins(200)[150]
    user = api.as_user("tg:lockout")
    handle, _ = user.send_code(id_number, phone)
    code = api.latest_code(phone)
    for attempts_left in (4, 3, 2, 1):
        error = assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": wrong_code(code)}),
                             401, "wrong_code")
        assert error["attempts_left"] == attempts_left
    locked = assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": wrong_code(code)}),
                          423, "locked")
    assert locked["locked_until"]
    # the right code no longer helps, and no new code is sent while locked
    assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": code}), 423, "locked")
    assert_error(user.post("/v1/auth/otp", json={"handle": handle}), 423, "locked")
    assert user.get("/v1/auth/session").json() == {"bound": False}


def test_sms_rate_limit_per_phone(strict_api):
    id_number, phone = generated_logins(20)[1]
    user = strict_api.as_user("web:rate")
    handle = user.start(id_number)
    for _ in range(3):
        assert user.post("/v1/auth/otp", json={"handle": handle, "phone": phone}).status_code == 202
    limited = assert_error(user.post("/v1/auth/otp", json={"handle": handle}), 429, "rate_limited")
    assert limited["retry_after"] >= 1
    other_id, other_phone = generated_logins(20)[2]
    assert user.send_code(other_id, other_phone)[1].status_code == 202


def test_expired_code_is_refused(strict_api):
    id_number, phone = generated_logins(20)[3]
    user = strict_api.as_user("web:expiry")
    handle, _ = user.send_code(id_number, phone)
    code = strict_api.latest_code(phone)
    time.sleep(2.5)  # codes live 2 s on the strict server
    assert_error(user.post("/v1/auth/verify", json={"handle": handle, "code": code}), 410, "code_expired")


def test_handle_expires(strict_api):
    id_number, phone = generated_logins(20)[6]
    user = strict_api.as_user("web:handle-expiry")
    handle = user.start(id_number)
    time.sleep(4)  # handles live 3.6 s on the strict server
    assert_error(user.post("/v1/auth/otp", json={"handle": handle, "phone": phone}), 404, "handle_not_found")


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
    handle, _ = user.send_code(id_number, phone)
    code = strict_api.latest_code(phone)
    for _ in range(5):
        user.post("/v1/auth/verify", json={"handle": handle, "code": wrong_code(code)})
    assert_error(user.post("/v1/auth/otp", json={"handle": handle}), 423, "locked")
    time.sleep(3.5)  # lockouts last 3 s on the strict server
    handle, sent = user.send_code(id_number, phone)
    assert sent.status_code == 202
    assert user.post("/v1/auth/verify", json={"handle": handle,
                                              "code": strict_api.latest_code(phone)}).status_code == 200


def test_parallel_guesses_cannot_skip_the_lockout(api):
    id_number, phone = generated_logins(200)[151]
    users = [api.as_user(f"web:guess-{i}") for i in range(10)]
    handles = [user.start(id_number) for user in users]
    users[0].post("/v1/auth/otp", json={"handle": handles[0], "phone": phone})
    code = api.latest_code(phone)
    barrier = threading.Barrier(len(users))

    def guess(index):
        barrier.wait()
        wrong = f"{(int(code) + 1 + index) % 1_000_000:06d}"
        return users[index].post("/v1/auth/verify", json={"handle": handles[index], "code": wrong})

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        statuses = [r.status_code for r in pool.map(guess, range(len(users)))]
    assert statuses.count(401) == 4, statuses
    assert 423 in statuses and set(statuses) <= {401, 423, 400}, statuses
    assert_error(users[0].post("/v1/auth/verify", json={"handle": handles[0], "code": code}), 423, "locked")


def test_a_wechat_openid_is_a_chat_user(api):
    user = api.as_user("wx:oLVPpjqs9BhvzwPj5A-vTYAX3GLc")
    handle, _ = user.send_code(ZHANG_ID, ZHANG_PHONE)
    verified = user.post("/v1/auth/verify", json={"handle": handle, "code": api.latest_code(ZHANG_PHONE)})
    assert verified.status_code == 200
    assert user.get("/v1/me").status_code == 200
    assert_error(api.as_user("wx:").get("/v1/me"), 400, "invalid_chat_user")
