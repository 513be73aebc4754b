"""The replicated topology and the faults it survives, against this machine's PostgreSQL, Redis
and RabbitMQ: turns alternating between the Rasa replicas stay in order, desk events and ticket
claims work across gateways, a Rasa replica and a gateway killed under load of 20 conversations
leave every message answered exactly once, and Redis or PostgreSQL going away for a while only
delays the answers."""
import concurrent.futures
import os
import signal
import threading
import time
import uuid

import redis
import requests
from sqlalchemy import create_engine, text

from tests.cluster.conftest import REDIS_DB
from tests.desk.desk_client import EventStream, Staff, create_staff

KEPT = "已保存"
CONVERSATION = ["你好", "昆山政务服务中心在哪", "你能帮我办什么", "谢谢", "再见"]


def replica_url(cluster, kind, index):
    return f"http://127.0.0.1:{cluster.topology.replica_ports[kind][index]}"


def user_texts(cluster, sender):
    tracker = requests.get(f"{cluster.url('rasa')}/conversations/{sender}/tracker",
                           params={"token": cluster.env["RASA_TOKEN"]}, timeout=20).json()
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def send(base_url, sender, message, client_id, attempts=20):
    """As the web chat sends: again with the same client_id while no gateway answers."""
    for attempt in range(attempts):
        try:
            response = requests.post(base_url + "/api/chat", timeout=60, json={
                "sender": sender, "message": message, "client_id": client_id})
            if response.status_code == 200:
                return response.json()["replies"]
        except requests.RequestException:
            pass
        time.sleep(min(2 ** attempt * 0.25, 3))
    raise AssertionError(f"{sender}: no gateway took {message!r}")


def direct_url(cluster, database):
    """The cluster's database, reached without the proxy a test may cut."""
    return f"postgresql+psycopg2://postgres@127.0.0.1:5432/{cluster.topology.database(database)}"


def gateway_db(cluster):
    return create_engine(direct_url(cluster, "gateway"), future=True)


def inbound_of(cluster, conversation_ids):
    engine = gateway_db(cluster)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT conversation_id, text, status, external_id FROM gateway_messages "
                "WHERE direction = 'in' AND conversation_id = ANY(:ids) ORDER BY id"), {"ids": list(conversation_ids)})
            return rows.all()
    finally:
        engine.dispose()


def test_turns_alternating_between_the_rasa_replicas_stay_in_order(cluster):
    sender = "web:alt" + uuid.uuid4().hex[:8]
    for index, message in enumerate(CONVERSATION):
        response = requests.post(replica_url(cluster, "rasa", index % 2) + "/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=60)
        assert response.status_code == 200 and response.json(), response.text
    assert user_texts(cluster, sender) == CONVERSATION


def test_a_desk_event_reaches_an_agent_on_the_other_gateway_within_a_second(cluster):
    done = create_staff(direct_url(cluster, "gateway"), "cluster_agent", "agent", env=cluster.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    agent = Staff(replica_url(cluster, "gateway", 0), "cluster_agent")
    stream = EventStream(replica_url(cluster, "gateway", 0), agent.token)
    try:
        sender = "evt" + uuid.uuid4().hex[:8]
        send(replica_url(cluster, "gateway", 1), sender, "你好", f"{sender}.1")
        send(replica_url(cluster, "gateway", 1), sender, "转人工", f"{sender}.2")
        handed_off = time.monotonic()  # the ticket was opened before this answer came back
        ticket, arrived = stream.next_of("ticket", 10, where=lambda data: data["conversation_id"] == f"web:{sender}")
        assert arrived - handed_off < 1.0
        assert ticket["state"] == "waiting"
    finally:
        stream.close()
    # the same ticket claimed on both gateways at once: one claim wins
    other = Staff(replica_url(cluster, "gateway", 1), "cluster_agent")
    barrier = threading.Barrier(2)

    def claim(staff):
        barrier.wait()
        return staff.http.post(staff.base_url + f"/api/desk/tickets/{ticket['id']}/claim", timeout=20).status_code

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(claim, [agent, other]))
    assert statuses == [200, 409], statuses


def test_killing_a_rasa_replica_and_a_gateway_under_load_answers_every_message_once(cluster):
    senders = ["load" + uuid.uuid4().hex[:8] for _ in range(20)]

    def converse(sender):
        for index, message in enumerate(CONVERSATION):
            send(cluster.url("gateway"), sender, message, f"{sender}.{index}")
            time.sleep(0.3)

    with concurrent.futures.ThreadPoolExecutor(len(senders)) as pool:
        talks = [pool.submit(converse, sender) for sender in senders]
        time.sleep(3)
        os.kill(cluster.pid("rasa_1"), signal.SIGKILL)
        time.sleep(2)
        os.kill(cluster.pid("gateway_1"), signal.SIGKILL)
        for talk in talks:
            talk.result(timeout=600)
    conversations = [f"web:{sender}" for sender in senders]
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        rows = inbound_of(cluster, conversations)
        if all(row.status == "answered" for row in rows):
            break
        time.sleep(2)
    assert len(rows) == len(senders) * len(CONVERSATION)
    assert len({(row.conversation_id, row.external_id) for row in rows}) == len(rows), "a message stored twice"
    assert [row for row in rows if row.status != "answered"] == []
    for conversation in conversations:
        assert user_texts(cluster, conversation) == CONVERSATION, conversation


def test_redis_going_away_and_coming_back_empty_delays_the_answer(cluster, redis_proxy):
    sender = "rds" + uuid.uuid4().hex[:8]
    assert send(cluster.url("gateway"), sender, "你好", f"{sender}.1")
    redis_proxy.cut()
    redis.Redis(port=6379, db=REDIS_DB).flushdb()  # a restart keeps nothing
    try:
        replies = send(cluster.url("gateway"), sender, "昆山政务服务中心在哪", f"{sender}.2")
        assert any(KEPT in reply.get("text", "") or "昆山市政务服务中心" in reply.get("text", "")
                   for reply in replies), replies
    finally:
        time.sleep(2)
        redis_proxy.restore()
    _wait_for_answer(cluster, sender, "昆山市政务服务中心")
    assert "苏州市政务服务中心" in "".join(r.get("text", "") for r in send(
        cluster.url("gateway"), sender, "苏州政务服务中心在哪", f"{sender}.3"))


def test_postgresql_unreachable_for_ten_seconds_delays_the_answer(cluster, postgres_proxy):
    sender = "pg" + uuid.uuid4().hex[:8]
    assert send(cluster.url("gateway"), sender, "你好", f"{sender}.1")
    postgres_proxy.cut()
    try:
        replies = send(cluster.url("gateway"), sender, "昆山政务服务中心在哪", f"{sender}.2")
        assert any(KEPT in reply.get("text", "") for reply in replies), replies
        time.sleep(10)
    finally:
        postgres_proxy.restore()
    _wait_for_answer(cluster, sender, "昆山市政务服务中心")


def _wait_for_answer(cluster, sender, needle, timeout_s=120):
    deadline = time.monotonic() + timeout_s
    texts = []
    while time.monotonic() < deadline:
        try:
            response = requests.get(cluster.url("gateway") + "/api/chat/history", params={"sender": sender},
                                    timeout=10)
            texts = [message["text"] or "" for message in response.json()["messages"]]
        except (requests.RequestException, ValueError, KeyError):
            texts = []
        if sum(needle in text for text in texts) == 1:
            return texts
        assert sum(needle in text for text in texts) <= 1, texts
        time.sleep(1)
    raise AssertionError(f"{sender}: no answer with {needle!r}: {texts}")
