"""The desk console in headless chromium while a citizen chats in the web chat, through the whole
stack: the agent logs in, claims, sees the citizen's message live, replies and resolves."""
import re

import pytest
from playwright.sync_api import expect

from analytics import texts as rating_texts
from bot.desk.hotline import texts
from tests.desk.desk_client import PASSWORD, Staff, create_staff
from tests.gateway.browser import PHONE, chromium


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def test_agent_claims_replies_and_resolves_while_citizen_chats(stack, browser):
    gateway = stack.url("gateway")
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "browser_agent", "agent", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr

    citizen = browser.new_context(**PHONE).new_page()
    citizen.goto(gateway + "/")
    citizen.fill("#message", "你好")
    citizen.press("#message", "Enter")
    expect(citizen.locator(".msg.bot").first).to_contain_text("通办", timeout=30_000)
    conversation = "web:" + citizen.evaluate("localStorage.getItem('tongban.sender')")
    # Rasa's request_human → action_handoff wiring stands in here as a staff-opened ticket.
    Staff(gateway, "browser_agent").call("POST", "/api/desk/tickets",
                                         {"conversation_id": conversation, "topic": "social_security"}, expect=201)
    expect(citizen.locator(".msg.bot").last).to_contain_text("社保", timeout=10_000)

    console = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    console.goto(gateway + "/desk")
    console.fill("#username", "browser_agent")
    console.fill("#password", PASSWORD)
    console.click("#login-button")
    expect(console.locator("#live")).to_have_class("on", timeout=10_000)
    row = console.locator(".ticket", has_text=conversation)
    expect(row).to_be_visible(timeout=10_000)
    expect(row.locator(".wait")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(row).to_contain_text("网页 / Web · " + conversation)  # the channel is named
    row.click()
    console.click("#claim-button")
    expect(console.locator("#conversation-title")).to_contain_text("active", timeout=10_000)

    citizen.fill("#message", "我的社保卡丢了，身份证320102199001011234")
    citizen.press("#message", "Enter")
    live = console.locator("#transcript li.citizen", has_text="社保卡丢了")
    expect(live).to_be_visible(timeout=3_000)  # through SSE, no reload
    expect(live).to_contain_text("3201**********1234")
    expect(console.locator("#identity")).to_be_visible()

    console.fill("#reply-text", "您好，补办社保卡需要带身份证原件。")
    console.click("#reply-button")
    expect(citizen.locator(".msg.bot").last).to_have_text("您好，补办社保卡需要带身份证原件。", timeout=10_000)
    expect(console.locator("#transcript li.staff")).to_contain_text("browser_agent")

    console.click("#resolve-button")
    # the bot is back, then the citizen is asked to rate the person who helped
    expect(citizen.locator(".msg.bot").nth(-2)).to_have_text(texts.say("bot_back", "zh"), timeout=10_000)
    expect(citizen.locator(".msg.bot").last).to_contain_text(rating_texts.say("ask_desk", "zh"))
    expect(console.locator(".ticket", has_text=conversation)).to_have_count(0, timeout=10_000)

    bots_before = citizen.locator(".msg.bot").count()
    citizen.fill("#message", "你好")
    citizen.press("#message", "Enter")
    expect(citizen.locator(".msg.bot")).to_have_count(bots_before + 1, timeout=30_000)
