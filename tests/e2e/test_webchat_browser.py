"""The web chat in headless chromium on a phone-sized screen, through the whole stack."""
import pytest
from playwright.sync_api import expect

from tests.e2e.chatting import is_chinese, is_english
from tests.gateway.browser import PHONE, chromium, fits_the_screen


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def test_question_language_button_reply_and_reload(stack, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(stack.url("gateway") + "/")
    page.fill("#message", "你好")
    page.press("#message", "Enter")
    greeting = page.locator(".msg.bot").first
    expect(greeting).to_contain_text("通办", timeout=20_000)
    assert is_chinese(greeting.inner_text())

    page.click("#language")  # "English"
    expect(page.locator(".msg.user").last).to_have_text("English")
    expect(page.locator(".msg.bot")).to_have_count(2, timeout=20_000)
    assert "English" in page.locator(".msg.bot").last.inner_text()
    expect(page.locator("#send")).to_have_text("Send")

    page.fill("#message", "你好")
    page.click("#send")
    expect(page.locator(".msg.bot")).to_have_count(3, timeout=20_000)
    assert is_english(page.locator(".msg.bot").last.inner_text())
    before = page.locator(".msg").all_inner_texts()
    assert fits_the_screen(page)

    page.reload()
    expect(page.locator(".msg")).to_have_count(len(before), timeout=10_000)
    assert page.locator(".msg").all_inner_texts() == before
    expect(page.locator("#send")).to_have_text("Send")
    context.close()
