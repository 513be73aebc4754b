"""The real python-telegram-bot gateway process against the fake Bot API and a
stand-in Rasa: commands, buttons, formatting, media, retries and webhooks."""
import itertools
import time

import requests

from bot import notices
from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from tests.gateway.conftest import WEBHOOK_SECRET
from tests.gateway.fake_rasa import LONG_SENTENCE

chat_ids = itertools.count(90001)


def _texts(calls):
    return [call.params["text"] for call in calls]


def _stored(gateway_db, chat_id):
    engine = make_engine(gateway_db)
    try:
        return MessageStore(engine).history(f"tg:{chat_id}")
    finally:
        engine.dispose()


def test_start_with_deep_link_payload_greets_and_passes_the_payload(polling_gateway, fake_telegram,
                                                                    fake_rasa, gateway_db):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "/start handoff-token-1", language_code="en-US")
    assert _texts(fake_telegram.wait_for_texts(chat, 1)) == ["echo: /greet"]
    sent = fake_rasa.received[-1]
    assert sent["sender"] == f"tg:{chat}"
    assert {key: value for key, value in sent["metadata"].items() if key != "message_key"} == {
        "channel": "telegram", "language_code": "en-US", "start_payload": "handoff-token-1"}
    assert fake_telegram.calls_of("sendChatAction", chat)
    inbound = _stored(gateway_db, chat)[0]
    assert inbound["display_text"] == "/start handoff-token-1"


def test_text_goes_to_rasa_and_the_answer_comes_back(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "你好")
    assert _texts(fake_telegram.wait_for_texts(chat, 1)) == ["echo: 你好"]


def test_buttons_become_an_inline_keyboard_that_is_answered_and_removed(polling_gateway, fake_telegram,
                                                                        fake_rasa, gateway_db):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "buttons")
    (offer,) = fake_telegram.wait_for_texts(chat, 1)
    rows = offer.params["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["社保", "很长的按钮"]
    long_data = rows[1][0]["callback_data"]
    assert len(long_data.encode()) <= 64
    fake_telegram.push_button(chat, offer, long_data)
    (answer,) = fake_telegram.wait_for_texts(chat, 1, after=1)
    assert answer.params["text"] == 'echo: /inform{"case_number": "' + "9" * 80 + '"}'
    assert fake_rasa.received[-1]["message"] == '/inform{"case_number": "' + "9" * 80 + '"}'
    assert fake_telegram.calls_of("answerCallbackQuery")
    removed = fake_telegram.calls_of("editMessageReplyMarkup", chat)
    assert removed and not removed[-1].params.get("reply_markup", {}).get("inline_keyboard")
    stored = [m for m in _stored(gateway_db, chat) if m["direction"] == "in"]
    assert stored[-1]["display_text"] == "很长的按钮"


def test_images_links_and_escaping(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "image")
    (text,) = fake_telegram.wait_for_texts(chat, 1)
    (photo,) = fake_telegram.calls_of("sendPhoto", chat)
    assert photo.params["photo"] == "https://example.org/map.png"
    assert text.params["parse_mode"] == "HTML"
    assert text.params["text"] == ('地图 &lt;map&gt; &amp; '
                                   '<a href="https://example.org/guide?a=1&amp;b=2">办事指南</a>')


def test_long_reply_is_split_at_sentence_boundaries(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "long")
    parts = _texts(fake_telegram.wait_for_texts(chat, 2))
    time.sleep(0.5)
    assert len(fake_telegram.calls_of("sendMessage", chat)) == 2
    assert all(len(part) <= 4096 and part.endswith("。") for part in parts)
    assert "".join(parts) == LONG_SENTENCE * 400


def test_media_get_a_helpful_bilingual_reply(polling_gateway, fake_telegram, fake_rasa):
    chat = next(chat_ids)
    before = len(fake_rasa.received)
    fake_telegram.push_message(chat, photo=[{"file_id": "a", "file_unique_id": "a", "width": 9, "height": 9}])
    fake_telegram.push_message(chat, sticker={"file_id": "s", "file_unique_id": "s", "width": 9, "height": 9,
                                              "is_animated": False, "is_video": False, "type": "regular"})
    fake_telegram.push_message(chat, voice={"file_id": "v", "file_unique_id": "v", "duration": 3})
    fake_telegram.push_message(chat, document={"file_id": "d", "file_unique_id": "d", "file_name": "户口本.pdf"})
    replies = _texts(fake_telegram.wait_for_texts(chat, 4))
    for kind_zh, kind_en in [("图片", "photos"), ("表情", "stickers"), ("语音", "voice messages"), ("文件", "files")]:
        assert any(kind_zh in reply and kind_en in reply for reply in replies), (kind_zh, replies)
    assert len(fake_rasa.received) == before


def test_location_without_govapi_gets_a_bilingual_apology(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_message(chat, location={"latitude": 32.06, "longitude": 118.79})
    (reply,) = _texts(fake_telegram.wait_for_texts(chat, 1))
    assert "抱歉" in reply and "Sorry" in reply and "12345" in reply


def test_commands(polling_gateway, fake_telegram, fake_rasa):
    chat = next(chat_ids)
    for command, expected in [("/help", "/help"), ("/human", "/request_human"),
                              ("/lang en", '/switch_language{"language": "en"}'), ("/reset", "/restart")]:
        fake_telegram.push_text(chat, command)
        fake_telegram.wait_for(lambda calls, expected=expected: fake_rasa.received[-1]["message"] == expected
                               and fake_rasa.received[-1]["sender"] == f"tg:{chat}")
    fake_telegram.wait_for(lambda calls: notices.RESET_DONE in _texts(fake_telegram.calls_of("sendMessage", chat)))
    fake_telegram.push_text(chat, "/lang")
    choice = fake_telegram.wait_for(lambda calls: [c for c in fake_telegram.calls_of("sendMessage", chat)
                                                   if c.params["text"] == "请选择语言 / Choose a language:"])
    buttons = choice[0].params["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in buttons] == ["中文", "English"]
    fake_telegram.push_button(chat, choice[0], buttons[0][0]["callback_data"])
    fake_telegram.wait_for(lambda calls: fake_rasa.received[-1]["message"] == '/switch_language{"language": "zh"}')


def test_edited_message_is_handled_as_a_correction(polling_gateway, fake_telegram, fake_rasa):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "查社保", edited=True)
    assert _texts(fake_telegram.wait_for_texts(chat, 1)) == ["echo: 查社保"]
    assert fake_rasa.received[-1]["metadata"]["edited"] is True


def test_telegram_429_and_5xx_are_retried(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.fail_next("sendMessage", 429, retry_after=1)
    fake_telegram.fail_next("sendMessage", 502, times=2)
    started = time.monotonic()
    fake_telegram.push_text(chat, "重试")
    fake_telegram.wait_for(lambda calls: len(fake_telegram.calls_of("sendMessage", chat)) >= 4)
    assert time.monotonic() - started >= 1.0  # waited for retry_after
    assert _texts(fake_telegram.calls_of("sendMessage", chat)) == ["echo: 重试"] * 4


def test_rasa_outage_is_announced_and_the_message_answered_later(polling_gateway, fake_telegram, fake_rasa):
    chat = next(chat_ids)
    fake_rasa.up = False
    fake_telegram.push_text(chat, "社保怎么交")
    (apology,) = _texts(fake_telegram.wait_for_texts(chat, 1))
    assert apology == notices.ASSISTANT_UNAVAILABLE.replace("&", "&amp;")
    time.sleep(1.5)
    fake_rasa.up = True
    assert _texts(fake_telegram.wait_for_texts(chat, 1, after=1)) == ["echo: 社保怎么交"]


def test_webhook_requires_the_secret_token(webhook_gateway, fake_telegram):
    set_webhook = fake_telegram.calls_of("setWebhook")[-1]
    assert set_webhook.params["url"] == "https://gateway.example/telegram/webhook"
    assert set_webhook.params["secret_token"] == WEBHOOK_SECRET
    url = webhook_gateway.url + "/telegram/webhook"
    chat = next(chat_ids)
    update = {"update_id": 5, "message": {"message_id": 1, "date": int(time.time()), "text": "你好",
                                          "chat": {"id": chat, "type": "private"},
                                          "from": {"id": chat, "is_bot": False, "first_name": "C"}}}
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
        refused = requests.post(url, json=update, headers=headers, timeout=5)
        assert refused.status_code == 403 and "无权访问" in refused.json()["error"]["message"]
    time.sleep(0.5)
    assert not fake_telegram.calls_of("sendMessage", chat)
    accepted = requests.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
                             timeout=5)
    assert accepted.status_code == 200
    assert _texts(fake_telegram.wait_for_texts(chat, 1)) == ["echo: 你好"]
    bad = requests.post(url, data=b"{oops", headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
                                                    "Content-Type": "application/json"}, timeout=5)
    assert bad.status_code == 400


def test_an_update_telegram_sends_again_is_answered_once(webhook_gateway, fake_telegram, fake_rasa):
    """Telegram repeats an update it got no 200 for (a gateway that died): the update id keeps it single."""
    url = webhook_gateway.url + "/telegram/webhook"
    chat = next(chat_ids)
    update = {"update_id": 77, "message": {"message_id": 3, "date": int(time.time()), "text": "还在吗",
                                           "chat": {"id": chat, "type": "private"},
                                           "from": {"id": chat, "is_bot": False, "first_name": "C"}}}
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    assert requests.post(url, json=update, headers=headers, timeout=10).status_code == 200
    # the update is handled before the webhook answers, so the answer went out already
    assert _texts(fake_telegram.calls_of("sendMessage", chat)) == ["echo: 还在吗"]
    received = len(fake_rasa.received)
    assert requests.post(url, json=update, headers=headers, timeout=10).status_code == 200
    time.sleep(0.5)
    assert len(fake_rasa.received) == received
    assert len(fake_telegram.calls_of("sendMessage", chat)) == 1


def test_web_chat_keeps_working_while_telegram_is_unreachable(tmp_path, fake_rasa):
    from tests.gateway.gateway_process import GatewayProcess
    from tools.stack import free_port
    gateway = GatewayProcess(tmp_path, RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}",
                             TELEGRAM_BOT_TOKEN="1:unreachable", TELEGRAM_API_BASE=f"http://127.0.0.1:{free_port()}")
    gateway.start()
    try:
        assert gateway.chat("w1", "你好")["replies"] == [{"text": "echo: 你好"}]
        time.sleep(1)
        assert "telegram call failed" in gateway.log()  # still trying, with backoff
    finally:
        gateway.stop()


def test_the_bot_token_never_reaches_the_log(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "你好")
    fake_telegram.wait_for_texts(chat, 1)
    assert fake_telegram.token not in polling_gateway.log()


def test_a_photo_caption_is_answered_after_the_photo_notice(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_message(chat, caption="这个材料可以吗",
                               photo=[{"file_id": "c", "file_unique_id": "c", "width": 9, "height": 9}])
    notice, answer = _texts(fake_telegram.wait_for_texts(chat, 2))
    assert "图片" in notice and "photos" in notice
    assert answer == "echo: 这个材料可以吗"


def test_a_button_from_before_a_restart_that_is_no_longer_known_is_explained(polling_gateway, fake_telegram):
    chat = next(chat_ids)
    fake_telegram.push_text(chat, "buttons")
    (offer,) = fake_telegram.wait_for_texts(chat, 1)
    fake_telegram.push_button(chat, offer, "k:0000000000000000dead")
    (reply,) = _texts(fake_telegram.wait_for_texts(chat, 1, after=1))
    assert reply == notices.BUTTON_EXPIRED
