"""Analytics through the whole stack (real Rasa, action server, govapi, gateway): citizens ask for a
guide and a service hall, rate them (by button, by typing), one asks for a person; within a minute
the dashboard's figures have them (the gateway reads Rasa's tracker store)."""
import time

import pytest

from analytics import texts
from tests.desk.desk_client import Staff, create_staff
from tests.e2e.chatting import Chat

WITHIN_S = 60


def _rating_buttons(replies):
    return {button["title"]: button["payload"] for reply in replies for button in reply.get("buttons") or []
            if button["payload"].startswith("/rate_service")}


@pytest.fixture(scope="module")
def supervisor(stack):
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "figures_boss", "supervisor", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    return Staff(stack.url("gateway"), "figures_boss")


def _figures(supervisor):
    return supervisor.call("GET", "/api/desk/analytics")


def _settled(supervisor):
    """The figures once the conversations of earlier tests have all been recorded (two reads alike)."""
    figures = _figures(supervisor)
    deadline = time.monotonic() + WITHIN_S
    while time.monotonic() < deadline:
        time.sleep(6)  # longer than the recorder's ANALYTICS_POLL_S (5 s)
        again = _figures(supervisor)
        if again["totals"] == figures["totals"]:
            return again
        figures = again
    return figures


def test_chats_ratings_and_a_hand_off_reach_the_dashboard(stack, supervisor):
    before = _settled(supervisor)
    gateway = stack.url("gateway")

    guide = Chat(gateway)
    asked = _rating_buttons(guide.say("办结婚登记要带什么材料"))
    assert list(asked) == ["很满意", "满意", "一般", "不满意", "很不满意", "不用了"], "a guide answer asks for a rating"
    assert guide.say(asked["很满意"])[0]["text"] == texts.say("thanks", "zh")

    hall = Chat(gateway)
    asked = _rating_buttons(hall.say("昆山政务服务中心在哪"))
    assert asked, "the service hall's address asks for a rating"
    assert hall.say("不滿意")[0]["text"] == texts.say("thanks", "zh"), "a rating typed (in Traditional) is taken too"

    person = Chat(gateway)
    person.say("你好")
    assert "人工" in "\n".join(reply.get("text", "") for reply in person.say("转人工"))

    deadline = time.monotonic() + WITHIN_S
    while True:
        after = _figures(supervisor)
        grown = {name: after["totals"][name] - before["totals"][name]
                 for name in ("conversations", "handoffs", "rated")}
        asked_more = after["handoff_reasons"]["request_human"] - before["handoff_reasons"]["request_human"]
        if (grown["conversations"] >= 3 and grown["handoffs"] >= 1 and grown["rated"] >= 2 and asked_more >= 1) \
                or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert grown == {"conversations": 3, "handoffs": 1, "rated": 2}, after["totals"]
    assert asked_more == 1
    assert after["totals"]["scores"]["5"] - before["totals"]["scores"]["5"] == 1
    assert after["totals"]["scores"]["2"] - before["totals"]["scores"]["2"] == 1
    assert after["totals"]["guides"] - before["totals"]["guides"] == 2
    transcript = supervisor.http.get(f"{gateway}/api/desk/conversations/web:{person.sender}", timeout=10)
    assert transcript.status_code == 200
