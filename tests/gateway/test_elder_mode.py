"""Elder mode in the gateway: the mode is kept per conversation from Rasa's custom part, the hotline
button is added in elder mode only, the web chat's switch becomes the payload, typed text stays text,
and a button whose payload is a web address is a link (web chat), a url button (Telegram), a line (WeChat)."""
import uuid

import pytest
import requests
from playwright.sync_api import expect

from bot import elder_mode
from bot.store.database import make_engine, upgrade_to_head
from bot.store.message_store import MessageStore
from bot.telegram.formatting import CallbackPayloads, inline_keyboard
from bot.wechat.formatting import text_messages
from tests.gateway.browser import PHONE, chromium
from tests.gateway.fake_rasa import FakeRasa
from tests.gateway.gateway_process import GatewayProcess

HOTLINE = {"title": "人工服务 12345", "payload": "/request_human"}
LINK = {"title": "打开苏服办", "payload": "https://example.org/sfb"}


def test_the_mode_is_read_from_the_custom_part_which_is_folded_away():
    replies = [{"text": "长辈模式已打开。"}, {"custom": {"elder_mode": True}}]
    assert elder_mode.switched_to(replies) is True
    assert elder_mode.folded(replies) == [{"text": "长辈模式已打开。"}]
    assert elder_mode.switched_to([{"text": "echo"}]) is None
    kept = [{"text": "x", "custom": {"elder_mode": False, "other": 1}}]
    assert elder_mode.folded(kept) == [{"text": "x", "custom": {"other": 1}}]


def test_the_hotline_goes_on_the_last_message_once_in_its_language():
    replies = [{"text": "您的医保余额是2350元。"},
               {"text": "还要办别的吗？", "buttons": [{"title": "不用", "payload": "/deny"}]}]
    dressed = elder_mode.with_hotline(replies, elder_mode.language_of(replies, None))
    assert dressed[0] == replies[0]
    assert dressed[1]["buttons"] == [{"title": "不用", "payload": "/deny"}, HOTLINE]
    assert elder_mode.with_hotline(dressed, "zh") == dressed
    english = [{"text": "Your balance at 苏服办 is 2,350 yuan."}]
    assert elder_mode.with_hotline(english, elder_mode.language_of(english, "zh"))[0]["buttons"] == [
        {"title": "Talk to a person (12345)", "payload": "/request_human"}]
    assert elder_mode.with_hotline([], "zh") == []


def test_the_store_keeps_the_mode_per_conversation(database_url):
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    store = MessageStore(engine)
    store.touch_conversation("web:elder-1")
    store.touch_conversation("web:other-1")
    assert store.conversation("web:elder-1")["elder_mode"] is False
    store.set_elder_mode("web:elder-1", True)
    assert store.conversation("web:elder-1")["elder_mode"] is True
    assert store.conversation("web:other-1")["elder_mode"] is False
    engine.dispose()


@pytest.fixture(scope="module")
def fake_rasa():
    """A stand-in Rasa of this module's own: the gateways started here must not add to the calls
    (a purge at start) that other modules count."""
    server = FakeRasa().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, fake_rasa):
    var = tmp_path_factory.mktemp("elder")
    running = GatewayProcess(var, RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=f"sqlite:///{var / 'g.db'}").start()
    yield running
    running.stop()


def _sender() -> str:
    return "e" + uuid.uuid4().hex[:10]


def test_hotline_button_in_elder_mode_only(gateway, fake_rasa):
    sender = _sender()
    before = gateway.chat(sender, "你好")
    assert before["elder_mode"] is False and before["replies"] == [{"text": "echo: 你好"}]
    switched = gateway.chat(sender, None, elder_mode=True)
    assert fake_rasa.received[-1]["message"] == '/elder_mode{"elder_switch":"on"}'
    assert switched["elder_mode"] is True
    assert switched["replies"] == [{"text": "长辈模式已打开。", "buttons": [HOTLINE]}]   # the custom part folded
    during = gateway.chat(sender, "buttons")
    assert during["replies"][-1]["buttons"][-1] == HOTLINE
    assert HOTLINE not in during["replies"][-1]["buttons"][:-1]
    gateway.chat(sender, "/request_human", shown_as=HOTLINE["title"])
    assert fake_rasa.received[-1]["message"] == "/request_human"     # an offered payload reaches Rasa
    off = gateway.chat(sender, None, elder_mode=False)
    assert off["elder_mode"] is False and off["replies"] == [{"text": "已恢复普通模式。"}]
    assert gateway.chat(sender, "你好")["replies"] == [{"text": "echo: 你好"}]


def test_a_typed_switch_is_text_and_changes_nothing(gateway, fake_rasa):
    sender = _sender()
    body = gateway.chat(sender, '/elder_mode{"elder_switch":"on"}')
    assert fake_rasa.received[-1]["message"].startswith("／elder_mode")
    assert body["elder_mode"] is False and "buttons" not in body["replies"][0]


def test_the_switch_must_be_true_or_false(gateway):
    response = requests.post(gateway.url + "/api/chat", json={"sender": _sender(), "message": "", "elder_mode": "yes"},
                             timeout=5)
    assert response.status_code == 400


def test_link_buttons_open_the_address_in_telegram_and_wechat():
    keyboard = inline_keyboard([LINK, {"title": "预约", "payload": "/book_appointment"}], CallbackPayloads())
    link, choice = keyboard.inline_keyboard[0][0], keyboard.inline_keyboard[1][0]
    assert link.url == LINK["payload"] and link.callback_data is None
    assert choice.callback_data == "/book_appointment"
    buttons = [LINK, {"title": "预约", "payload": "/book_appointment"}]
    message = text_messages([{"text": "在线办理", "buttons": buttons}])[0]
    assert "1. 预约" in message and '<a href="https://example.org/sfb">打开苏服办</a>' in message


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def test_web_chat_shows_a_link_button_and_the_header_switch_sets_the_style(browser, gateway, fake_rasa):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(gateway.url + "/")
    page.fill("#message", "link")
    page.press("#message", "Enter")
    link = page.locator(".msg.bot a.link-button", has_text="打开苏服办")
    expect(link).to_have_attribute("href", "https://example.org/sfb")
    assert link.get_attribute("target") == "_blank"
    assert page.locator(".msg.bot button", has_text="打开苏服办").count() == 0   # never sent as a message
    assert page.evaluate("document.documentElement.classList.contains('elder')") is False
    page.click("#elder")
    expect(page.locator("html")).to_have_class("elder")
    expect(page.locator("#elder")).to_have_attribute("aria-checked", "true")
    expect(page.locator(".msg.bot").last.locator("button", has_text="人工服务 12345")).to_be_visible()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20
    page.reload()                                  # the mode is the conversation's, kept by the gateway
    expect(page.locator("html")).to_have_class("elder")
    page.click("#elder")
    expect(page.locator("#elder")).to_have_attribute("aria-checked", "false")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") < 20
    context.close()


def test_telegram_commands_switch_the_mode_and_the_hotline_is_an_inline_button(polling_gateway, fake_telegram,
                                                                              fake_rasa):
    chat = 990_001
    fake_telegram.push_text(chat, "/elder")
    fake_telegram.wait_for(lambda calls: fake_rasa.received[-1:] and fake_rasa.received[-1]["sender"] == f"tg:{chat}"
                           and fake_rasa.received[-1]["message"] == elder_mode.switch_payload(True))
    sent = fake_telegram.wait_for(lambda calls: [c for c in fake_telegram.calls_of("sendMessage", chat)
                                                 if "长辈模式" in c.params["text"]])
    keyboard = sent[0].params["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == [HOTLINE["title"]]
    fake_telegram.push_text(chat, "/normal")
    fake_telegram.wait_for(lambda calls: fake_rasa.received[-1]["message"] == elder_mode.switch_payload(False))
