"""Every desk API refuses an unauthenticated (401) or wrong-role (403) request; sessions expire;
the staff CLI refuses bad accounts."""
import pytest
import requests
from sqlalchemy import create_engine, text

from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import PASSWORD, EventStream, Staff, create_staff, new_sender

ENDPOINTS = [
    ("POST", "/api/desk/logout"), ("GET", "/api/desk/me"), ("GET", "/api/desk/queues"),
    ("POST", "/api/desk/tickets"), ("GET", "/api/desk/tickets/1"), ("GET", "/api/desk/conversations/web:x"),
    ("POST", "/api/desk/tickets/1/claim"), ("POST", "/api/desk/tickets/1/reply"),
    ("POST", "/api/desk/tickets/1/notes"), ("POST", "/api/desk/tickets/1/transfer"),
    ("POST", "/api/desk/tickets/1/resolve"), ("POST", "/api/desk/tickets/1/hand-back"),
    ("GET", "/api/desk/stats"), ("POST", "/api/desk/links"), ("GET", "/api/desk/links"),
    ("GET", "/api/desk/events"),
]
AGENT_WORK = [path for path in ENDPOINTS if path[1] not in
              ("/api/desk/logout", "/api/desk/me", "/api/desk/tickets/1", "/api/desk/conversations/web:x",
               "/api/desk/events")]


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_no_session_gets_401(desk_gateway, method, path):
    response = requests.request(method, desk_gateway.url + path, json={}, timeout=5)
    assert response.status_code == 401
    assert "Please log in" in response.json()["error"]["message"]
    forged = requests.request(method, desk_gateway.url + path, json={}, timeout=5,
                              headers={"Authorization": "Bearer forged-token"}, cookies={"desk_session": "x"})
    assert forged.status_code == 401


@pytest.mark.parametrize("method,path", AGENT_WORK)
def test_trainer_may_not_do_agent_work(desk_gateway, method, path):
    trainer = desk_gateway.staff("trainer_t")
    response = trainer.http.request(method, desk_gateway.url + path, json={}, timeout=5)
    assert response.status_code == 403


def test_only_supervisors_see_the_supervisor_view(desk_gateway):
    desk_gateway.staff("agent_a").call("GET", "/api/desk/stats", expect=403)
    stats = desk_gateway.staff("boss").call("GET", "/api/desk/stats")
    assert set(stats["teams"]) == {"social_security", "medical", "household", "housing_fund", "general"}
    assert set(stats["totals"]) == {"waiting", "active", "callback", "handled_today"}


def test_the_console_is_given_the_team_and_reason_labels(desk_gateway):
    me = desk_gateway.staff("agent_a").call("GET", "/api/desk/me")
    assert me["teams"]["household"] == {"zh": "户籍", "en": "Household registration"}
    assert set(me["reasons"]) == {"request_human", "fallback", "complaint", "lockout", "staff"}
    assert me["reasons"]["lockout"] == {"zh": "身份锁定", "en": "identity lockout"}


def test_supervisor_view_counts_waiting_active_and_handled(desk_gateway):
    boss, agent = desk_gateway.staff("boss"), desk_gateway.staff("agent_a")
    before = boss.call("GET", "/api/desk/stats")["teams"]["social_security"]
    first, second = new_sender(), new_sender()
    desk_gateway.chat(first, "human:social_security")
    desk_gateway.chat(second, "human:social_security")
    after_open = boss.call("GET", "/api/desk/stats")["teams"]["social_security"]
    assert after_open["waiting"] == before["waiting"] + 2
    ticket = agent.ticket_of(f"web:{first}")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
    after = boss.call("GET", "/api/desk/stats")["teams"]["social_security"]
    assert after["waiting"] == before["waiting"] + 1
    assert after["handled_today"] == before["handled_today"] + 1
    assert after["average_wait_s"] is not None and after["average_wait_s"] >= 0


def test_trainer_reads_transcripts(desk_gateway):
    sender = new_sender()
    desk_gateway.chat(sender, "human")
    ticket = desk_gateway.staff("agent_a").ticket_of(f"web:{sender}")
    trainer = desk_gateway.staff("trainer_t")
    assert trainer.call("GET", f"/api/desk/tickets/{ticket['id']}")["ticket"]["id"] == ticket["id"]
    assert trainer.call("GET", f"/api/desk/conversations/web:{sender}")["conversation_id"] == f"web:{sender}"


def test_wrong_password_and_unknown_user_get_401(desk_gateway):
    for username, password in (("agent_a", "wrong password!"), ("nobody", PASSWORD)):
        response = requests.post(desk_gateway.url + "/api/desk/login",
                                 json={"username": username, "password": password}, timeout=10)
        assert response.status_code == 401
        assert "Wrong username or password" in response.json()["error"]["message"]


def test_expired_and_logged_out_sessions_are_refused(desk_gateway):
    expiring, leaving = desk_gateway.staff("agent_b"), desk_gateway.staff("agent_b")
    expiring.call("GET", "/api/desk/me")
    engine = create_engine(desk_gateway.database_url, future=True)
    with engine.begin() as connection:
        connection.execute(text("UPDATE desk_sessions SET expires_at = '2000-01-01 00:00:00' "
                                "WHERE token_hash = :hash"),
                           {"hash": __import__("hashlib").sha256(expiring.token.encode()).hexdigest()})
    engine.dispose()
    expiring.call("GET", "/api/desk/me", expect=401)
    leaving.call("POST", "/api/desk/logout")
    leaving.call("GET", "/api/desk/me", expect=401)
    desk_gateway.staff("agent_b").call("GET", "/api/desk/me")  # a new login works


def test_passwords_are_stored_as_argon2_hashes(desk_gateway):
    engine = create_engine(desk_gateway.database_url, future=True)
    with engine.connect() as connection:
        hashes = connection.execute(text("SELECT password_hash FROM desk_staff")).scalars().all()
    engine.dispose()
    assert hashes and all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)


@pytest.mark.parametrize("username,role,password,error", [
    ("agent_a", "agent", PASSWORD, "taken"),
    ("shorty", "agent", "short", "at least"),
    ("", "agent", PASSWORD, "username"),
])
def test_staff_cli_refuses_bad_accounts(desk_db, username, role, password, error):
    done = create_staff(desk_db, username, role, password)
    assert done.returncode == 2 and error in done.stderr


def test_staff_cli_refuses_unknown_role(desk_db):
    done = create_staff(desk_db, "someone", "admin")
    assert done.returncode != 0 and "invalid choice" in done.stderr


def test_login_from_the_cli_created_account(desk_gateway, desk_db):
    assert create_staff(desk_db, "late_joiner", "agent").returncode == 0
    assert Staff(desk_gateway.url, "late_joiner").call("GET", "/api/desk/me")["staff"]["role"] == "agent"


def test_session_cookie_is_http_only_and_same_site(desk_gateway):
    response = requests.post(desk_gateway.url + "/api/desk/login",
                             json={"username": "agent_a", "password": PASSWORD}, timeout=10)
    assert response.status_code == 200 and "token" not in response.json()
    cookie = response.headers["set-cookie"].lower()
    assert "desk_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie


def test_live_stream_ends_when_the_session_ends(tmp_path, desk_rasa):
    database_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    with_staff(database_url)
    gateway = DeskGateway(tmp_path, database_url, desk_rasa.url, DESK_SSE_KEEP_ALIVE_S="0.5").start()
    try:
        agent = gateway.staff("agent_a")
        stream = EventStream(gateway.url, agent.token)
        try:
            agent.call("POST", "/api/desk/logout")
            stream.next_of("logged_out", timeout_s=5)
        finally:
            stream.close()
    finally:
        gateway.stop()
