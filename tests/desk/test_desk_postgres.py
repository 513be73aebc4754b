"""The desk on PostgreSQL (production's database): migrations beside the message store's, a hand-off
claimed, answered, kept across a restart and resolved."""
from sqlalchemy import create_engine, inspect

from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import new_sender


def test_desk_on_postgresql(tmp_path, desk_postgres, desk_rasa):
    database_url = desk_postgres.create()
    with_staff(database_url)
    gateway = DeskGateway(tmp_path, database_url, desk_rasa.url).start()
    try:
        agent = gateway.staff("agent_a")
        sender = new_sender()
        gateway.chat(sender, "human:housing_fund", language="zh")
        ticket = agent.ticket_of(f"web:{sender}")
        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "请稍等"})
        gateway.stop()
        gateway.start()
        agent.base_url = gateway.url
        detail = agent.call("GET", f"/api/desk/tickets/{ticket['id']}")
        assert detail["ticket"]["state"] == "active" and detail["messages"][-1]["who"] == "staff"
        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
        assert desk_rasa.resumed_fresh(f"web:{sender}")
    finally:
        gateway.stop()
    engine = create_engine(database_url, future=True)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"alembic_version_desk", "gateway_alembic_version", "desk_tickets", "gateway_messages"} <= tables
