"""The trainers' curation inbox in the desk console, in headless chromium, through the whole stack:
a citizen's message with personal data is flagged by an agent, a trainer sees it masked, reads its
conversation, labels it, and the pair shows among the most confused intents. Agents never see the view."""
import pytest
from playwright.sync_api import expect

from tests.desk.desk_client import PASSWORD, Staff, create_staff
from tests.e2e.chatting import Chat
from tests.gateway.browser import PHONE, chromium, fits_the_screen

AGENT, TRAINER = "curation_agent", "curation_trainer"
SAID = "我叫王小明，身份证320102198503121234，那个补贴怎么领"
NAME, ID_NUMBER, MASKED_ID = "王小明", "320102198503121234", "3201**********1234"
# Intents a trainer might pick for a question about claiming a subsidy; the first one the NLU did not predict.
LABELS = ("social_security_contributions", "housing_fund_withdrawal", "medical_remote_filing", "application_status")


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def staff(stack):
    for username, role in ((AGENT, "agent"), (TRAINER, "trainer")):
        done = create_staff(stack.env["GATEWAY_DATABASE_URL"], username, role, env=stack.env)
        assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    gateway = stack.url("gateway")
    return Staff(gateway, AGENT), Staff(gateway, TRAINER)


def _citizen_message_at_the_desk(stack, agent: Staff, said: str) -> dict:
    """A citizen says something in the web chat and an agent opens a ticket for the conversation."""
    chat = Chat(stack.url("gateway"))
    chat.say(said)
    conversation = f"web:{chat.sender}"
    agent.call("POST", "/api/desk/tickets", {"conversation_id": conversation, "topic": "general"}, expect=201)
    messages = agent.call("GET", f"/api/desk/conversations/{conversation}")["messages"]
    found = [m for m in messages if m["who"] == "citizen"]
    assert len(found) == 1, messages
    return found[0]


def _log_in(page, gateway: str, username: str) -> None:
    page.goto(gateway + "/desk")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-button")
    expect(page.locator("#live")).to_have_class("on", timeout=10_000)


def _shows_no_personal_data(page) -> None:
    for shown in (page.content(), page.locator("body").inner_text()):
        assert ID_NUMBER not in shown
        assert NAME not in shown


def test_trainer_labels_a_flagged_message_and_sees_the_confusion(stack, browser, staff):
    agent, trainer = staff
    message = _citizen_message_at_the_desk(stack, agent, SAID)
    flagged = agent.call("POST", f"/api/desk/messages/{message['id']}/flag", expect=201)["item"]
    assert "flagged" in flagged["reasons"] and flagged["status"] == "open"
    assert ID_NUMBER not in flagged["text"] and NAME not in flagged["text"]
    predicted = flagged["predicted_intent"]
    intents = trainer.call("GET", "/api/desk/curation/intents")["intents"]
    label = next(name for name in LABELS if name in intents and name != predicted)

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    _log_in(page, stack.url("gateway"), TRAINER)
    expect(page.locator("#curation-view")).to_be_visible()
    expect(page.locator("#desk-view > main")).to_be_hidden()
    item = page.locator("#curation-items > li", has_text="补贴怎么领")
    expect(item).to_have_count(1, timeout=10_000)
    expect(item.locator(".item-text")).to_contain_text(MASKED_ID)
    expect(item.locator(".reason.flagged")).to_be_visible()
    _shows_no_personal_data(page)

    item.get_by_role("button", name="对话 / Conversation", exact=True).click()
    expect(page.locator("#curation-conversation")).to_be_visible()
    expect(page.locator("#curation-transcript li.focus")).to_contain_text("补贴怎么领")
    expect(page.locator("#curation-transcript li.focus")).to_contain_text(MASKED_ID)
    expect(page.locator("#curation-transcript .flag")).to_have_count(0)
    _shows_no_personal_data(page)

    item.get_by_label("意图 / Intent", exact=True).fill(label)
    item.get_by_role("button", name="标注 / Label", exact=True).click()
    expect(page.locator("#curation-items > li", has_text="补贴怎么领")).to_have_count(0, timeout=10_000)
    expect(page.locator("#curation-error")).to_have_text("")
    pair = page.locator("#confusions tbody tr", has_text=label)
    expect(pair).to_have_count(1, timeout=10_000)
    expect(pair).to_contain_text(predicted)

    accepted = trainer.call("GET", "/api/desk/curation/items?status=accepted")["items"]
    done = [i for i in accepted if i["id"] == flagged["id"]]
    assert done and done[0]["label_intent"] == label and done[0]["entities"] == []

    page.locator("#curation-status").select_option("accepted")
    expect(page.locator("#curation-items > li", has_text="补贴怎么领")).to_contain_text(label)
    _shows_no_personal_data(page)

    phone = browser.new_context(**PHONE).new_page()
    _log_in(phone, stack.url("gateway"), TRAINER)
    expect(phone.locator("#confusions tbody tr", has_text=label)).to_have_count(1, timeout=10_000)
    assert fits_the_screen(phone)


def test_an_agent_never_sees_the_curation_view_and_flags_from_the_transcript(stack, browser, staff):
    agent, trainer = staff
    message = _citizen_message_at_the_desk(stack, agent, "那个补助在哪里申请")

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    _log_in(page, stack.url("gateway"), AGENT)
    expect(page.locator("#queues .ticket").first).to_be_visible(timeout=10_000)
    expect(page.locator("#curation-view")).to_be_hidden()
    expect(page.locator("#show-curation")).to_be_hidden()

    page.locator(".ticket", has_text=message["conversation_id"]).click()
    citizen = page.locator(f'#transcript li.citizen[data-message="{message["id"]}"]')
    flag = citizen.get_by_role("button", name="标记此消息给训练师 / Flag this message for trainers")
    flag.click()
    expect(flag).to_have_text("✔ 已标记 / Flagged", timeout=10_000)
    expect(page.locator("#transcript-error")).to_have_text("")
    assert not [url for url in asked if "/api/desk/curation" in url]

    items = trainer.call("GET", "/api/desk/curation/items?status=open")["items"]
    assert [i for i in items if i["message_id"] == message["id"] and "flagged" in i["reasons"]]


def test_trainer_marks_an_entity_with_the_mouse_and_labels(stack, browser, staff):
    agent, trainer = staff
    message = _citizen_message_at_the_desk(stack, agent, "我想在南京办那个卡，要带什么")
    flagged = agent.call("POST", f"/api/desk/messages/{message['id']}/flag", expect=201)["item"]
    start = flagged["text"].index("南京")
    entity = "city"
    assert entity in trainer.call("GET", "/api/desk/curation/intents")["entities"]

    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    _log_in(page, stack.url("gateway"), TRAINER)
    item = page.locator(f'#curation-items > li[data-item="{flagged["id"]}"]')
    expect(item).to_be_visible(timeout=10_000)
    item.locator(".item-text").scroll_into_view_if_needed()  # the inbox may hold many items before it
    left, right, middle = item.locator(".item-text").evaluate("""(box, at) => {
        const range = document.createRange();
        range.setStart(box.firstChild, at); range.setEnd(box.firstChild, at + 2);
        const r = range.getBoundingClientRect();
        return [r.left, r.right, r.top + r.height / 2];
    }""", start)
    page.mouse.move(left + 1, middle)
    page.mouse.down()
    page.mouse.move(right - 1, middle, steps=5)
    page.mouse.up()
    expect(item.locator(".selection")).to_contain_text("«南京»")
    item.get_by_label("实体类型 / Entity type").select_option(entity)
    item.get_by_role("button", name="标记实体 / Mark entity").click()
    expect(item.locator(".item-text mark")).to_have_text("南京")
    expect(item.locator(".spans li")).to_have_count(1)

    item.get_by_label("意图 / Intent", exact=True).fill("social_security_card")
    item.get_by_role("button", name="标注 / Label", exact=True).click()
    expect(item).to_have_count(0, timeout=10_000)
    accepted = trainer.call("GET", "/api/desk/curation/items?status=accepted")["items"]
    done = [i for i in accepted if i["id"] == flagged["id"]]
    assert done and done[0]["label_intent"] == "social_security_card"
    assert done[0]["entities"] == [{"start": start, "end": start + 2, "entity": entity, "value": "南京"}]
