"""The real python-telegram-bot gateway, polling the fake Bot API, through the whole
stack: gateway -> Rasa -> actions -> govapi and back to Telegram."""
import re
import time

import requests

from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from tests.e2e.chatting import is_chinese, is_english
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.telegram_stack import chat_ids, gateway_with_telegram, texts

DEMO_ID, DEMO_PHONE = "320102198503121234", "13800000001"


def say(telegram, chat, text, language_code="zh-hans", timeout_s=30):
    """Sends text as the citizen; returns the bot's answer (all messages until it goes quiet)."""
    already = len(telegram.calls_of("sendMessage", chat))
    telegram.push_text(chat, text, language_code=language_code)
    return answer_after(telegram, chat, already, timeout_s)


def answer_after(telegram, chat, already, timeout_s=30):
    telegram.wait_for_texts(chat, 1, after=already, timeout_s=timeout_s)
    # Rasa may answer with several messages: wait until no more arrive for a moment.
    count = -1
    while count != len(telegram.calls_of("sendMessage", chat)):
        count = len(telegram.calls_of("sendMessage", chat))
        time.sleep(0.6)
    return telegram.calls_of("sendMessage", chat)[already:]


def test_start_greets_in_the_citizens_language(telegram):
    chat = next(chat_ids)
    reply = texts(say(telegram, chat, "/start"))
    assert is_chinese(reply) and "通办" in reply
    english = next(chat_ids)
    reply = texts(say(telegram, english, "/start from-hotline", language_code="en"))
    assert is_english(reply) and "Tongban" in reply


def test_chinese_greeting_is_stored_with_its_intent(stack, telegram):
    chat = next(chat_ids)
    reply = texts(say(telegram, chat, "你好"))
    assert is_chinese(reply) and "通办" in reply
    engine = make_engine(stack.env["GATEWAY_DATABASE_URL"])
    try:
        store = MessageStore(engine)
        deadline = time.monotonic() + 10
        while not store.history(f"tg:{chat}")[0]["intent"] and time.monotonic() < deadline:
            time.sleep(0.2)
        inbound, outbound = store.history(f"tg:{chat}")[:2]
        assert (inbound["text"], inbound["intent"]) == ("你好", "greet")
        assert 0 < inbound["confidence"] <= 1
        assert outbound["direction"] == "out" and "通办" in outbound["text"]
        assert store.conversation(f"tg:{chat}")["language_code"] == "zh"
    finally:
        engine.dispose()


def test_tapping_a_language_button_switches_the_reply_language(telegram):
    chat = next(chat_ids)
    offer = say(telegram, chat, "/lang")[-1]
    rows = offer.params["reply_markup"]["inline_keyboard"]
    english = next(row[0] for row in rows if row[0]["text"] == "English")
    already = len(telegram.calls_of("sendMessage", chat))
    telegram.push_button(chat, offer, english["callback_data"])
    reply = texts(answer_after(telegram, chat, already))
    assert "in English" in reply, reply
    assert telegram.calls_of("answerCallbackQuery")
    assert telegram.calls_of("editMessageReplyMarkup", chat)
    assert is_english(texts(say(telegram, chat, "你好")))


def test_photo_gets_a_bilingual_reply(telegram):
    chat = next(chat_ids)
    telegram.push_message(chat, photo=[{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}])
    reply = texts(telegram.wait_for_texts(chat, 1))
    assert "图片" in reply and "photos" in reply


def test_shared_location_finds_the_nearest_service_hall(stack, telegram):
    chat = next(chat_ids)
    lat, lng = 31.2990, 120.5853  # Suzhou
    nearest = requests.get(stack.url("govapi") + "/v1/halls/nearest", params={"lat": lat, "lng": lng, "limit": 1},
                           headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5).json()["halls"][0]
    telegram.push_message(chat, location={"latitude": lat, "longitude": lng})
    reply = texts(telegram.wait_for_texts(chat, 1))
    assert nearest["name_zh"] in reply and "公里" in reply


def test_rasa_outage_in_the_middle_is_announced_and_answered_after(stack, telegram):
    chat = next(chat_ids)
    assert is_chinese(texts(say(telegram, chat, "你好")))
    stack.stop_one("rasa")
    try:
        apology = texts(say(telegram, chat, "谢谢你"))
        assert "抱歉" in apology and "Sorry" in apology and "12345" in apology
        already = len(telegram.calls_of("sendMessage", chat))
    finally:
        stack.start(["rasa"])
    answer = texts(telegram.wait_for_texts(chat, 1, after=already, timeout_s=60))
    assert is_chinese(answer) and "抱歉" not in answer


def test_webhook_mode_refuses_requests_without_the_secret(stack):
    fake = FakeTelegram().start()
    secret = "stack-webhook-secret"
    try:
        with gateway_with_telegram(stack, fake, TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_SECRET=secret,
                                   TELEGRAM_WEBHOOK_URL="https://tongban.example/telegram/webhook"):
            fake.wait_for(lambda calls: any(c.method == "setWebhook" for c in calls))
            chat = next(chat_ids)
            update = {"update_id": 1, "message": {
                "message_id": 1, "date": 1764000000, "text": "你好", "chat": {"id": chat, "type": "private"},
                "from": {"id": chat, "is_bot": False, "first_name": "C", "language_code": "zh-hans"}}}
            url = stack.url("gateway") + "/telegram/webhook"
            assert requests.post(url, json=update, timeout=5).status_code == 403
            assert requests.post(url, json=update, timeout=5,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}).status_code == 403
            assert requests.post(url, json=update, timeout=5,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": secret}).status_code == 200
            assert "通办" in texts(fake.wait_for_texts(chat, 1))
    finally:
        fake.stop()


def _latest_code(stack) -> str:
    outbox = requests.get(stack.url("govapi") + "/sandbox/sms", params={"phone": DEMO_PHONE},
                          headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5).json()
    return outbox["messages"][0]["code"]


def test_housing_fund_balance_with_identity_verification(stack, telegram):
    """张伟 checks his housing fund balance: ID number, phone, SMS code, then the balance;
    then taps a button Rasa offers (social security card: no loss report)."""
    chat = next(chat_ids)
    ask_id = texts(say(telegram, chat, "查一下我的公积金余额"))
    assert "身份证" in ask_id, ask_id
    ask_phone = texts(say(telegram, chat, DEMO_ID))
    assert "手机" in ask_phone, ask_phone
    ask_code = texts(say(telegram, chat, DEMO_PHONE))
    assert "验证码" in ask_code and "138****0001" in ask_code, ask_code
    balance = texts(say(telegram, chat, _latest_code(stack)))
    assert "余额" in balance and re.search(r"\d+(\.\d+)?\s*元", balance), balance
    assert DEMO_ID not in balance and DEMO_PHONE not in balance
    card = say(telegram, chat, "我的社保卡状态")
    offer = next(call for call in card if call.params.get("reply_markup"))
    no_thanks = next(row[0] for row in offer.params["reply_markup"]["inline_keyboard"] if row[0]["text"] == "不用了")
    already = len(telegram.calls_of("sendMessage", chat))
    telegram.push_button(chat, offer, no_thanks["callback_data"])
    assert is_chinese(texts(answer_after(telegram, chat, already)))
