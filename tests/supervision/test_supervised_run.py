"""`make run` under supervisord: a process killed with SIGKILL is restarted, the messages that
arrived meanwhile are answered after it is back (once each), and SIGINT (Ctrl-C) stops every
process within seconds."""
import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import MODEL
from tools.ready import health_checks, wait_until_healthy
from tools.stack import ROOT, stack_env
from tools.supervise import ctl

STOP_WITHIN_S = 20


@pytest.fixture(scope="module")
def supervised(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    run_dir = tmp_path_factory.mktemp("supervised")
    env = stack_env(run_dir, GATEWAY_RETRY_INTERVAL_S="1")
    process = subprocess.Popen([sys.executable, str(ROOT / "tools" / "supervise.py"), "--run-dir", str(run_dir)],
                               cwd=ROOT, env=env, stdout=open(run_dir / "console.out", "wb"),
                               stderr=subprocess.STDOUT, start_new_session=True)
    unhealthy = wait_until_healthy(health_checks(env), 240)
    assert unhealthy == [], (run_dir / "console.out").read_text()
    yield process, run_dir, env
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def pid_of(run_dir, name) -> int:
    return int(ctl(run_dir, "pid", name).stdout.strip())


def chat(env, sender, text):
    response = requests.post(env["GATEWAY_URL"] + "/api/chat", json={"sender": sender, "message": text}, timeout=60)
    assert response.status_code == 200, response.text
    return "\n".join(reply.get("text", "") for reply in response.json()["replies"])


def history_texts(env, sender):
    response = requests.get(env["GATEWAY_URL"] + "/api/chat/history", params={"sender": sender}, timeout=10)
    return [message["text"] or "" for message in response.json()["messages"]]


def wait_for_answer(env, sender, needle, timeout_s=240):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        texts = history_texts(env, sender)
        if any(needle in text for text in texts):
            return texts
        time.sleep(1)
    raise AssertionError(f"no answer with {needle!r}: {history_texts(env, sender)}")


@pytest.mark.parametrize("victim", ["actions", "rasa"])
def test_a_killed_process_is_restarted_and_what_arrived_meanwhile_is_answered_once(supervised, victim):
    process, run_dir, env = supervised
    sender = f"sup{victim}"
    assert "昆山市政务服务中心" in chat(env, sender, "昆山政务服务中心在哪")
    before = pid_of(run_dir, victim)
    os.kill(before, signal.SIGKILL)
    reply = chat(env, sender, "无锡政务服务中心在哪")
    assert "无锡市政务服务中心" in reply or "已保存" in reply, reply
    texts = wait_for_answer(env, sender, "无锡市政务服务中心")
    assert sum("无锡市政务服务中心" in text for text in texts) == 1, texts
    assert pid_of(run_dir, victim) not in (before, 0)


def test_a_killed_gateway_is_restarted(supervised):
    process, run_dir, env = supervised
    before = pid_of(run_dir, "gateway")
    os.kill(before, signal.SIGKILL)
    time.sleep(1)
    assert wait_until_healthy(health_checks(env), 60) == []
    assert pid_of(run_dir, "gateway") != before
    assert "苏州市政务服务中心" in chat(env, "supgateway", "苏州政务服务中心在哪")


def test_sigint_stops_every_process_within_seconds(supervised):
    process, run_dir, env = supervised
    pids = [pid_of(run_dir, name) for name in ("govapi", "actions", "rasa", "gateway")]
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(STOP_WITHIN_S)
    for pid in pids:
        while _alive(pid) and time.monotonic() - started < STOP_WITHIN_S:
            time.sleep(0.2)
        assert not _alive(pid), f"process {pid} still runs"
    assert time.monotonic() - started < STOP_WITHIN_S


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
