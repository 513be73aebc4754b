"""Notifications through the whole stack: citizens opt in by chatting (Telegram against the fake
Bot API, and the web chat), the sandbox moves a case on, and govapi's signed event reaches the
gateway, which tells each opted-in chat once, in its language. A delivery that fails at first (the
gateway is down) or comes twice is shown once; a chat that did not opt in or never verified gets
nothing; quiet hours hold a notice that is not urgent."""
import datetime as dt
import time
from zoneinfo import ZoneInfo

import phonenumbers
import requests

from bot.notifications.store import NoticeStore
from bot.store.database import make_engine
from govapi.seed import generated_logins
from tests.e2e.chatting import Chat, is_chinese, is_english
from tests.gateway.notify import post_event
from tests.gateway.telegram_stack import chat_ids, texts

# generated citizens of the stack's seed that no other test uses
# generated citizens whose numbers are real mobile numbers (the sandbox also makes 14x/16x ones)
CITIZENS = iter([login for login in generated_logins(200)[150:200]
                 if phonenumbers.is_valid_number(phonenumbers.parse(login[1], "CN"))][:10])


def latest_code(stack, phone: str) -> str:
    answer = requests.get(stack.url("govapi") + "/sandbox/sms", params={"phone": phone}, timeout=5)
    return answer.json()["messages"][0]["code"]


def tg_say(telegram, chat, text, language_code="en"):
    already = len(telegram.calls_of("sendMessage", chat))
    telegram.push_text(chat, text, language_code=language_code)
    telegram.wait_for_texts(chat, 1, after=already)
    count = -1
    while count != len(telegram.calls_of("sendMessage", chat)):
        count = len(telegram.calls_of("sendMessage", chat))
        time.sleep(0.6)
    return texts(telegram.calls_of("sendMessage", chat)[already:])


def opt_in_on_telegram(stack, telegram, citizen) -> int:
    id_number, phone = citizen
    chat = next(chat_ids)
    assert "ID" in tg_say(telegram, chat, "notify me when my application moves on")
    tg_say(telegram, chat, id_number)
    tg_say(telegram, chat, phone)
    answer = tg_say(telegram, chat, latest_code(stack, phone))
    assert is_english(answer) and "stop notifications" in answer, answer
    return chat


def verify_on_web(stack, chat: Chat, citizen, first: str) -> str:
    id_number, phone = citizen
    assert "身份证" in chat.text(first)
    chat.text(id_number)
    chat.text(phone)
    return chat.text(latest_code(stack, phone))


def submit_case(stack, chat_user: str) -> str:
    answer = requests.post(stack.url("govapi") + "/v1/me/applications", timeout=5,
                           json={"matter_code": "residence_permit_endorsement", "details": {}},
                           headers={"X-API-Key": stack.env["GOVAPI_API_KEY"], "X-Chat-User": chat_user})
    assert answer.status_code == 201, answer.text
    return answer.json()["case_number"]


def advance(stack, case_number: str, status: str) -> float:
    moved = requests.post(stack.url("govapi") + f"/sandbox/applications/{case_number}/advance",
                          json={"status": status}, timeout=5)
    assert moved.status_code == 200, moved.text
    return time.monotonic()


def web_messages(stack, chat: Chat, containing: str):
    history = requests.get(stack.url("gateway") + "/api/chat/history", params={"sender": chat.sender},
                           timeout=5).json()["messages"]
    return [m for m in history if m["who"] == "bot" and containing in (m["text"] or "")]


def wait_until(condition, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def notices(stack, conversation_id):
    engine = make_engine(stack.env["GATEWAY_DATABASE_URL"])
    try:
        return NoticeStore(engine).of_conversation(conversation_id)
    finally:
        engine.dispose()


def test_opted_in_chats_are_told_once_in_their_language_others_nothing(stack, telegram):
    citizen = next(CITIZENS)
    tg_chat = opt_in_on_telegram(stack, telegram, citizen)
    web = Chat(stack.url("gateway"))
    answer = verify_on_web(stack, web, citizen, "要通知我")
    assert is_chinese(answer) and "取消通知" in answer
    silent = Chat(stack.url("gateway"))  # verified as the same citizen, never asked to be told
    verify_on_web(stack, silent, citizen, "我要实名认证")
    unverified = Chat(stack.url("gateway"))  # asked, but never verified
    assert "身份证" in unverified.text("有进展通知我")

    case_number = submit_case(stack, f"tg:{tg_chat}")
    before = len(telegram.calls_of("sendMessage", tg_chat))
    advance(stack, case_number, "accepted")
    [sent] = telegram.wait_for_texts(tg_chat, 1, after=before)
    assert case_number in sent.params["text"] and "accepted" in sent.params["text"]
    assert is_english(sent.params["text"])
    buttons = [b["text"] for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["View details"]
    [shown] = wait_until(lambda: web_messages(stack, web, case_number))
    assert "已受理" in shown["text"] and shown["buttons"][0]["title"] == "查看详情"
    time.sleep(2)
    assert len(telegram.calls_of("sendMessage", tg_chat)) == before + 1
    assert len(web_messages(stack, web, case_number)) == 1
    assert web_messages(stack, silent, case_number) == [] and web_messages(stack, unverified, case_number) == []

    # the details button asks the dialogue for the case's status
    telegram.push_button(tg_chat, sent, sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                         language_code="en")
    [status] = telegram.wait_for_texts(tg_chat, 1, after=before + 1)
    assert case_number in status.params["text"] and is_english(status.params["text"])

    # "stop notifications": the next change reaches the web chat only
    assert "Notifications are off" in tg_say(telegram, tg_chat, "stop notifications")
    after_stop = len(telegram.calls_of("sendMessage", tg_chat))
    advance(stack, case_number, "in_review")
    wait_until(lambda: web_messages(stack, web, "正在审核"))
    time.sleep(2)
    assert len(telegram.calls_of("sendMessage", tg_chat)) == after_stop


def test_a_delivery_that_fails_at_first_or_comes_twice_is_shown_once(stack, telegram):
    citizen = next(CITIZENS)
    tg_chat = opt_in_on_telegram(stack, telegram, citizen)
    case_number = submit_case(stack, f"tg:{tg_chat}")
    before = len(telegram.calls_of("sendMessage", tg_chat))
    stack.stop_one("gateway")  # the platform's first POSTs find nobody
    advance(stack, case_number, "accepted")
    time.sleep(2)
    stack.start(["gateway"])
    telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls[-50:]))
    [sent] = telegram.wait_for_texts(tg_chat, 1, after=before, timeout_s=90)
    assert case_number in sent.params["text"]
    [notice] = notices(stack, f"tg:{tg_chat}")
    # the platform sends the same event again (say its answer got lost): kept and shown once
    event = {"event_id": notice["event_id"], "kind": "status", "urgent": False, "created_at": "",
             "recipients": [{"chat_user": f"tg:{tg_chat}", "language": "en"}],
             "payload": {"case_number": case_number, "status": "accepted", "matter_code": "x",
                         "matter_name_zh": "居住证签注", "matter_name_en": "residence permit endorsement"}}
    again = post_event(stack.url("gateway"), event, secret=stack.env["GOVAPI_NOTIFY_SECRET"])
    assert again.status_code == 200 and again.json()["new"] == 0
    time.sleep(2)
    assert len(telegram.calls_of("sendMessage", tg_chat)) == before + 1


def test_quiet_hours_hold_a_notice_but_an_urgent_one_goes_out(stack, telegram):
    citizen = next(CITIZENS)
    tg_chat = opt_in_on_telegram(stack, telegram, citizen)
    case_number = submit_case(stack, f"tg:{tg_chat}")
    now = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
    stack.env["NOTIFICATIONS_QUIET_HOURS"] = f"{now - dt.timedelta(hours=1):%H:%M}-{now + dt.timedelta(hours=1):%H:%M}"
    try:
        stack.restart("gateway")
        telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls[-50:]))
        before = len(telegram.calls_of("sendMessage", tg_chat))
        advance(stack, case_number, "accepted")
        wait_until(lambda: notices(stack, f"tg:{tg_chat}"))
        time.sleep(2)
        assert len(telegram.calls_of("sendMessage", tg_chat)) == before
        [held] = notices(stack, f"tg:{tg_chat}")
        assert held["sent_at"] is None and held["release_at"] > dt.datetime.utcnow() + dt.timedelta(minutes=50)
        advance(stack, case_number, "rejected")  # a refusal is urgent
        [sent] = telegram.wait_for_texts(tg_chat, 1, after=before)
        assert "Sorry" in sent.params["text"] and case_number in sent.params["text"]
    finally:
        stack.env["NOTIFICATIONS_QUIET_HOURS"] = ""
        stack.restart("gateway")


def test_a_citizen_who_deleted_the_history_is_never_told_again(stack):
    citizen = next(CITIZENS)
    web = Chat(stack.url("gateway"))
    assert "取消通知" in verify_on_web(stack, web, citizen, "要通知我")
    told = Chat(stack.url("gateway"))  # another chat of the same citizen stays subscribed
    assert "取消通知" in verify_on_web(stack, told, citizen, "要通知我")
    case_number = submit_case(stack, f"web:{told.sender}")
    assert "删除" in web.text("删除我的聊天记录")
    assert "已删除" in web.text("是的")
    wait_until(lambda: not any("已删除" in (m["text"] or "") for m in requests.get(
        stack.url("gateway") + "/api/chat/history", params={"sender": web.sender}, timeout=5).json()["messages"]))
    web.text("你好")  # the citizen comes back to the same chat
    advance(stack, case_number, "accepted")
    wait_until(lambda: web_messages(stack, told, case_number))
    time.sleep(2)
    assert web_messages(stack, web, case_number) == []
