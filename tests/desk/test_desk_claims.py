"""Claims are atomic: of many agents claiming one ticket at once exactly one wins — over HTTP
against a gateway process, and in the ticket store on SQLite and PostgreSQL."""
import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy.orm import Session

from bot.desk.hotline.tickets import TicketStore
from bot.desk.models import Staff
from bot.migrate import migrated_engine
from registry.clock import utc_now
from tests.desk.desk_client import new_sender

CLAIMERS = 8


def _claim_together(urls_and_sessions):
    barrier = threading.Barrier(len(urls_and_sessions))

    def claim(item):
        url, session = item
        barrier.wait()
        return session.post(url, timeout=30).status_code

    with ThreadPoolExecutor(len(urls_and_sessions)) as pool:
        return list(pool.map(claim, urls_and_sessions))


def test_two_agents_never_both_claim_over_http(desk_gateway):
    agent_a, agent_b = desk_gateway.staff("agent_a"), desk_gateway.staff("agent_b")
    for _ in range(5):
        sender = new_sender()
        desk_gateway.chat(sender, "human")
        ticket = agent_a.ticket_of(f"web:{sender}")
        url = f"{desk_gateway.url}/api/desk/tickets/{ticket['id']}/claim"
        sessions = []
        for index in range(CLAIMERS):
            session = requests.Session()
            session.cookies.update((agent_a if index % 2 else agent_b).http.cookies)
            sessions.append((url, session))
        statuses = _claim_together(sessions)
        assert sorted(statuses) == [200] + [409] * (CLAIMERS - 1), statuses
        events = agent_a.call("GET", f"/api/desk/tickets/{ticket['id']}")["events"]
        assert [e["kind"] for e in events].count("claimed") == 1


def test_ticket_store_claims_are_atomic(any_database_url):
    engine = migrated_engine(any_database_url)
    with Session(engine, future=True) as session, session.begin():
        staff = [Staff(username=f"s{index}", password_hash="x", role="agent", created_at=utc_now())
                 for index in range(CLAIMERS)]
        session.add_all(staff)
        session.flush()
        staff_ids = [member.id for member in staff]
    store = TicketStore(engine)
    try:
        for round_ in range(10):
            ticket = store.open(f"web:race{round_}", "general", "request_human", "zh")
            barrier = threading.Barrier(CLAIMERS)

            def claim(staff_id, barrier=barrier, ticket=ticket):
                barrier.wait()
                return store.claim(ticket["id"], staff_id)

            with ThreadPoolExecutor(CLAIMERS) as pool:
                results = list(pool.map(claim, staff_ids))
            assert results.count(True) == 1, results
            winner = staff_ids[results.index(True)]
            assert store.get(ticket["id"])["claimed_by"] == winner
    finally:
        engine.dispose()
