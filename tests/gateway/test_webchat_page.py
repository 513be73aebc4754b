"""The web chat page in headless chromium against the gateway and a stand-in Rasa:
reply buttons, links, images, reload, and replies that arrive after an outage."""
import pytest
from playwright.sync_api import expect

from tests.gateway.browser import PHONE, chromium, fits_the_screen
from tests.gateway.gateway_process import GatewayProcess


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, fake_rasa):
    var = tmp_path_factory.mktemp("webchat")
    running = GatewayProcess(var, RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=f"sqlite:///{var / 'g.db'}").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser, gateway):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(gateway.url + "/")
    yield page
    context.close()


def ask(page, text):
    page.fill("#message", text)
    page.press("#message", "Enter")


def test_reply_buttons_are_clickable_once_and_survive_reload(page):
    ask(page, "buttons")
    offer = page.locator(".msg.bot", has_text="请选择")
    expect(offer).to_have_count(1)
    offer.get_by_role("button", name="社保").click()
    expect(page.locator(".msg.user").last).to_have_text("社保")
    expect(page.locator(".msg.bot").last).to_have_text("echo: /social_security_contributions")
    assert offer.get_by_role("button", name="社保").is_disabled()
    page.reload()
    expect(page.locator(".msg")).to_have_count(4)
    expect(page.locator(".msg.user").last).to_have_text("社保")


def test_links_and_images_are_shown_safely(page):
    ask(page, "image")
    link = page.locator(".msg.bot a")
    expect(link).to_have_text("办事指南")
    assert link.get_attribute("href") == "https://example.org/guide?a=1&b=2"
    assert page.locator(".msg.bot img").get_attribute("src") == "https://example.org/map.png"
    expect(page.locator(".msg.bot").last).to_contain_text("地图 <map> &")
    ask(page, "<img src=x onerror=alert(1)>")
    expect(page.locator(".msg.user").last).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator(".msg.user img").count() == 0
    assert fits_the_screen(page)


def test_personal_data_is_masked_in_the_page_history(page):
    ask(page, "我的身份证320102198503121234")
    expect(page.locator(".msg.user").last).to_have_text("我的身份证3201**********1234")


def test_reply_after_an_outage_appears_without_reloading(page, fake_rasa):
    fake_rasa.up = False
    ask(page, "社保怎么交")
    expect(page.locator(".msg.bot").last).to_contain_text("12345")
    fake_rasa.up = True
    expect(page.locator(".msg.bot").last).to_have_text("echo: 社保怎么交", timeout=15_000)
