"""A restart of the gateway loses no ticket, claim, note, message or session."""
from tests.desk.conftest import DeskGateway
from tests.desk.desk_client import new_sender


def test_restart_keeps_everything(tmp_path, desk_db, desk_rasa):
    gateway = DeskGateway(tmp_path, desk_db, desk_rasa.url).start()
    try:
        agent = gateway.staff("agent_a")
        waiting_sender, active_sender = new_sender(), new_sender()
        gateway.chat(waiting_sender, "human:medical")
        gateway.chat(active_sender, "human:household")
        active = agent.ticket_of(f"web:{active_sender}")
        agent.call("POST", f"/api/desk/tickets/{active['id']}/claim")
        agent.call("POST", f"/api/desk/tickets/{active['id']}/notes", {"text": "called back once"}, expect=201)
        agent.call("POST", f"/api/desk/tickets/{active['id']}/reply", {"text": "我来帮您"})
        before = agent.call("GET", f"/api/desk/tickets/{active['id']}")
    finally:
        gateway.stop()

    gateway.start()
    try:
        agent.base_url = gateway.url  # same cookie: the session survived
        assert agent.ticket_of(f"web:{waiting_sender}")["state"] == "waiting"
        after = agent.call("GET", f"/api/desk/tickets/{active['id']}")
        assert after["ticket"]["claimed_by"] == agent.id and after["ticket"]["state"] == "active"
        assert after["messages"] == before["messages"]
        assert [e["text"] for e in after["events"] if e["kind"] == "note"] == ["called back once"]
        # The conversation is still diverted to the desk.
        assert gateway.chat(active_sender, "还在吗")["replies"] == []
        assert after["messages"][-1]["who"] == "staff"
        agent.call("POST", f"/api/desk/tickets/{active['id']}/resolve")
    finally:
        gateway.stop()
