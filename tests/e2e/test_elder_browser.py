"""Elder mode (长辈模式) in the web chat, in headless chromium at 390 px width, through the whole stack:
switched on in the header, a verified medical-insurance balance check and an appointment booking;
the page's measured font size, line height, button heights, contrast and stillness; and the
messages typed and taps an elderly citizen needs for the balance check in each mode (printed)."""
import datetime as dt
import re
import sqlite3
import struct

import pytest
import requests
from playwright.sync_api import expect

from tests.gateway.browser import PHONE, chromium, fits_the_screen

MIN_FONT_PX, MIN_LINE_HEIGHT, MIN_BUTTON_PX, MIN_CONTRAST = 20, 1.5, 48, 7.0
YES = re.compile("^(确认|好的|是的)")     # the summary's yes, in the words of either variation
SENIOR_BORN_BEFORE = dt.date.today().replace(year=dt.date.today().year - 66).isoformat()

# Contrast ratio of each visible text against the first opaque background behind it (WCAG 2 formula).
CONTRASTS = """() => {
  const rgb = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const el of document.querySelectorAll(".msg, .buttons button:enabled, .link-button, header h1, #send, #elder")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const a = luminance(rgb(getComputedStyle(el).color)), b = luminance(background(el));
    found.push({what: el.className || el.id || el.tagName, text: el.innerText.slice(0, 20),
                ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)});
  }
  return found;
}"""
BUTTON_HEIGHTS = """() => [...document.querySelectorAll("button, .link-button")]
  .filter((el) => el.getBoundingClientRect().width > 0)
  .map((el) => ({text: el.innerText, height: el.getBoundingClientRect().height}))"""
MOVING = """() => [...document.querySelectorAll("*")].filter((el) => {
  const style = getComputedStyle(el);
  return style.animationName !== "none" ||
         style.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
}).map((el) => el.tagName + "." + el.className)"""
TEXT_SIZES = """() => { const bot = document.querySelector(".msg.bot") || document.body;
  const style = getComputedStyle(bot);
  return {body: parseFloat(getComputedStyle(document.body).fontSize), font: parseFloat(style.fontSize),
          line: parseFloat(style.lineHeight)}; }"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def seniors(stack, count):
    """Generated citizens aged 66 or more (ID number, phone), one per conversation: codes are rate-limited per phone."""
    with sqlite3.connect(stack.var_dir / "govapi.db") as db:
        return db.execute("SELECT id_number, phone FROM citizens WHERE birth_date < ? AND id > 4 ORDER BY id LIMIT ?",
                          (SENIOR_BORN_BEFORE, count)).fetchall()


class Citizen:
    """One elderly citizen at the web chat: what they type and tap is counted."""

    def __init__(self, stack, page) -> None:
        self.stack, self.page = stack, page
        self.typed = self.taps = 0

    def _answered(self, act) -> str:
        before = self.page.locator(".msg.bot").count()
        act()
        self.page.wait_for_function(f"document.querySelectorAll('.msg.bot').length > {before}"
                                    " && document.getElementById('typing').hidden", timeout=30_000)
        return "\n".join(self.page.locator(".msg.bot").all_inner_texts()[before:])

    def type(self, text: str) -> str:
        self.typed += 1
        return self._answered(lambda: (self.page.fill("#message", text), self.page.press("#message", "Enter")))

    def tap(self, selector: str, title: str = None) -> str:
        self.taps += 1
        target = self.page.locator(selector)
        if title:
            exact = title if isinstance(title, re.Pattern) else re.compile(f"^{re.escape(title)}$")
            target = target.filter(has_text=exact).last
        return self._answered(target.click)

    def code(self, phone: str) -> str:
        answer = requests.get(self.stack.url("govapi") + "/sandbox/sms", params={"phone": phone},
                              headers={"X-API-Key": self.stack.env["GOVAPI_API_KEY"]}, timeout=5)
        return answer.json()["messages"][0]["code"]

    def confirm_if_read_back(self, said: str, value: str) -> str:
        """In elder mode the value typed is read back first: 对."""
        if "您说的是" not in said:
            return said
        assert value in said, said
        return self.tap(".msg.bot:last-child .buttons button", "对")


def balance_check(citizen: Citizen, id_number: str, phone: str) -> str:
    asked = citizen.type("查一下医保余额")
    assert "身份证" in asked, asked
    said = citizen.confirm_if_read_back(citizen.type(id_number), id_number[:4] + "**********" + id_number[-4:])
    said = citizen.confirm_if_read_back(citizen.type(phone), phone[:3] + "****" + phone[-4:])
    assert "验证码" in said, said
    return citizen.type(citizen.code(phone))


def _new_page(browser, stack):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(stack.url("gateway") + "/")
    return context, page


def _screenshot_width(page) -> int:
    png = page.screenshot()
    return struct.unpack(">I", png[16:20])[0]     # the PNG header's width, in device pixels


def check_elder_style(page) -> None:
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes["body"] >= MIN_FONT_PX and sizes["font"] >= MIN_FONT_PX, sizes
    assert sizes["line"] / sizes["font"] >= MIN_LINE_HEIGHT, sizes
    short = [b for b in page.evaluate(BUTTON_HEIGHTS) if b["height"] < MIN_BUTTON_PX]
    assert short == []
    low = [c for c in page.evaluate(CONTRASTS) if c["ratio"] < MIN_CONTRAST]
    assert low == []
    assert page.evaluate(MOVING) == []
    assert fits_the_screen(page) and _screenshot_width(page) == 390 * PHONE["device_scale_factor"]


def test_balance_check_in_ordinary_mode_for_comparison(stack, browser):
    (id_number, phone), = seniors(stack, 1)
    context, page = _new_page(browser, stack)
    citizen = Citizen(stack, page)
    answer = balance_check(citizen, id_number, phone)
    assert "医保" in answer and "元" in answer and "要不要切换成长辈模式" in answer, answer   # offered to a senior
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes["body"] < MIN_FONT_PX                                  # ordinary mode keeps its style
    assert "人工服务 12345" not in answer
    print(f"\nbalance check, ordinary mode: {citizen.typed} messages typed, {citizen.taps} taps")
    context.close()


def test_elder_mode_balance_check_and_booking(stack, browser):
    (id_number, phone), = seniors(stack, 2)[1:]
    context, page = _new_page(browser, stack)
    citizen = Citizen(stack, page)
    switched = citizen.tap("#elder")
    assert "长辈模式" in switched, switched
    expect(page.locator("html")).to_have_class("elder")
    expect(page.locator(".msg.bot").last.locator("button", has_text="人工服务 12345")).to_be_visible()

    answer = balance_check(citizen, id_number, phone)
    assert "医保" in answer and "元" in answer, answer
    assert re.search(r"\d,\d{3}|\.00", answer) is None, answer           # 2350元, not 2,350.00元
    assert "要不要切换成长辈模式" not in answer                           # on already: not offered
    assert page.locator(".msg.bot").last.locator("button", has_text="人工服务 12345").count() == 1
    check_elder_style(page)
    print(f"\nbalance check, elder mode: {citizen.typed} messages typed, {citizen.taps} taps "
          "(the header switch and one 对 per value read back)")

    typed, taps = citizen.typed, citizen.taps
    said = citizen.type("预约去政务大厅办身份证")
    for _ in range(8):      # each value is read back (对); a choice of matter is a button
        if "您说的是" not in said and "宿城区" in said and "星期" in said:
            break      # the summary, with the day written out
        if "您说的是" in said:
            said = citizen.tap(".msg.bot:last-child .buttons button", "对")
        elif "哪" in said and ("区" in said or "大厅" in said or "地方" in said):
            said = citizen.type("宿城区")
        elif "哪天" in said or "日期" in said or "什么时候" in said:
            said = citizen.type("下周二")
        else:
            said = citizen.tap(".msg.bot:last-child .buttons button:enabled >> nth=0")
    assert "宿城区" in said and "星期二" in said and "您说的是" not in said, said
    booked = citizen.tap(".msg.bot:last-child .buttons button", YES)
    assert "预约成功" in booked or "预约号" in booked, booked
    print(f"booking, elder mode: {citizen.typed - typed} messages typed, {citizen.taps - taps} taps")
    check_elder_style(page)
    context.close()
