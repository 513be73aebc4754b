"""The desk's dashboard in headless chromium on the scripted day, as a supervisor and as an analyst
(figures only: a transcript is 403); its CSV and charts; bad filters are a 400."""
import pytest
import requests
from playwright.sync_api import expect

from analytics.suppression import HIDDEN
from tests.analytics.conftest import ANALYST
from tests.analytics.scripted_day import DAY, scripted_database
from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import PASSWORD, Staff, create_staff
from tests.gateway.browser import chromium


@pytest.fixture(scope="module")
def dashboard_gateway(tmp_path_factory, rating_rasa):
    path = tmp_path_factory.mktemp("dashboard") / "gateway.db"
    scripted_database(path).dispose()
    url = f"sqlite:///{path}"
    with_staff(url)
    assert create_staff(url, ANALYST, "analyst").returncode == 0
    gateway = DeskGateway(tmp_path_factory.mktemp("dashboardgw"), url, rating_rasa.url).start()
    yield gateway
    gateway.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def _open_dashboard(browser, gateway, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(gateway.url + "/desk/analytics")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-form button")
    expect(page.locator("#analytics-view")).to_be_visible(timeout=10_000)
    expect(page.locator('[data-figure="conversations"]')).to_be_visible(timeout=10_000)   # the last 7 days
    expect(page.locator("#from")).not_to_have_value("")
    page.fill("#from", DAY)
    page.fill("#to", DAY)
    page.click("#filters button")
    return page


@pytest.mark.parametrize("username", ["boss", ANALYST])
def test_the_dashboard_shows_the_day(dashboard_gateway, browser, username):
    page = _open_dashboard(browser, dashboard_gateway, username)
    expect(page.locator('[data-figure="conversations"] b')).to_have_text("10", timeout=10_000)
    expect(page.locator('[data-figure="containment"] b')).to_have_text("50%")
    expect(page.locator('[data-figure="csat"] b')).to_have_text("75%")
    card = page.locator("#matters tr", has_text="social_security_card")
    expect(card).to_contain_text(HIDDEN)   # 4 conversations about one matter
    expect(page.locator("#reasons tr", has_text="after hours")).to_contain_text("1")
    for name in ("conversations", "rates", "reasons", "matters"):
        chart = page.locator(f"#chart-{name}")
        expect(chart).to_have_attribute("src", f"/api/desk/analytics/charts/{name}.svg?from={DAY}&to={DAY}&period=day")
        page.wait_for_function(f"document.getElementById('chart-{name}').naturalWidth > 0", timeout=15_000)
    expect(page.locator("#desk-link")).to_be_visible() if username == "boss" else \
        expect(page.locator("#desk-link")).to_be_hidden()
    with page.expect_download() as download:
        page.click("#csv")
    csv_text = open(download.value.path(), encoding="utf-8-sig").read()
    assert csv_text.startswith("table,") and "social_security_card" in csv_text and HIDDEN in csv_text
    page.context.close()


def test_the_analyst_sees_figures_but_no_transcript(dashboard_gateway):
    dashboard_gateway.chat("seen", "你好")
    analyst = Staff(dashboard_gateway.url, ANALYST)
    figures = analyst.call("GET", f"/api/desk/analytics?from={DAY}&to={DAY}")
    assert figures["totals"]["conversations"] == 10
    for path in ("/api/desk/conversations/web:seen", "/api/desk/tickets/1", "/api/desk/queues", "/api/desk/stats",
                 "/api/desk/curation/items"):
        assert analyst.http.get(dashboard_gateway.url + path, timeout=10).status_code == 403, path
    boss = Staff(dashboard_gateway.url, "boss")
    assert boss.http.get(dashboard_gateway.url + "/api/desk/conversations/web:seen", timeout=10).status_code == 200
    agent = Staff(dashboard_gateway.url, "agent_a")
    assert agent.http.get(dashboard_gateway.url + "/api/desk/analytics", timeout=10).status_code == 403
    assert requests.get(dashboard_gateway.url + "/api/desk/analytics", timeout=10).status_code == 401


def test_bad_filters_are_a_400_and_the_chart_is_svg(dashboard_gateway):
    boss = Staff(dashboard_gateway.url, "boss")
    for query in ("from=yesterday", "period=month", f"from={DAY}&to=2026-11-01", "county=<script>"):
        response = boss.http.get(dashboard_gateway.url + "/api/desk/analytics?" + query, timeout=10)
        assert response.status_code == 400, query
    assert boss.http.get(dashboard_gateway.url + "/api/desk/analytics/charts/pie.svg", timeout=10).status_code == 400
    svg = boss.http.get(dashboard_gateway.url + f"/api/desk/analytics/charts/rates.svg?from={DAY}&to={DAY}", timeout=20)
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
