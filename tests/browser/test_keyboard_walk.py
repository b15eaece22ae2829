"""In real Chromium, the keyboard and screen-reader audit of 2026-12-05: what the bar shows of
the count waiting when Windows' high contrast (forced colours) paints the page in its own
colours, in the light and the dark look; and where the focus goes when notifications are turned
on and off by keyboard alone."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from interdepend.web.accounts.models import PushSubscription, User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.demo import demo_load
from tests.browser.a11y import Keyboard
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import log_in
from tests.browser.test_push_flow import ON, signed_in_with_worker
from tests.conftest import PASSWORD, Personas
from tests.web.test_push import Browser as PushKeys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The colour a box is painted in, as the page computes it (under forced colours: the system's).
PAINTED = """(sel) => {
  for (let el = document.querySelector(sel); el; el = el.parentElement) {
    const c = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (c.length === 3 || c[3] > 0.5) return c.slice(0, 3);
  }
  return [255, 255, 255];
}"""


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def bell_pixels(page: Page) -> tuple[int, int]:
    """How many of the bell's pixels stand out (3:1 or more) from the pill behind it, of all."""
    bell = page.locator(".waiting-bell")
    box = bell.bounding_box()
    assert box is not None and box["width"] >= 10, box
    behind = tuple(page.evaluate(PAINTED, ".waiting-pill"))
    shot = Image.open(io.BytesIO(bell.screenshot())).convert("RGB")
    pixels = [shot.getpixel((x, y)) for x in range(shot.width) for y in range(shot.height)]
    shown = [p for p in pixels if isinstance(p, tuple) and _contrast(p, behind) >= 3]
    return len(shown), len(pixels)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_count_waiting_keeps_its_bell_under_forced_colours(
    make_context: ContextMaker, scheme: ColorScheme
) -> None:
    """A phone's bar says what its number counts by a bell beside it (a bare "1" said nothing:
    the phone look audit). The bell is a mask cut out of its own background colour; forced
    colours paint every background in the page's colour, so the bell vanished and the bar
    showed a bare "1" once more, with no edge round it either."""
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    page = make_context("phone", scheme).new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    page.goto("/together/")
    assert page.locator(".waiting-number").inner_text().strip().isdigit()
    shown, total = bell_pixels(page)
    assert shown >= total // 6, f"the bell in the usual colours: {shown} of {total} pixels"
    page.emulate_media(forced_colors="active")
    shown, total = bell_pixels(page)
    print(f"\nforced colours, {scheme}: the bell is {shown} of its {total} pixels")
    assert shown >= total // 6, f"the bell under forced colours: {shown} of {total} pixels"
    edge = page.locator(".waiting-pill").evaluate(
        "el => { const s = getComputedStyle(el); return [s.borderTopStyle, s.borderTopWidth]; }"
    )
    assert edge[0] != "none" and float(edge[1].removesuffix("px")) >= 1, edge


#: A browser's push service, as far as the page can tell: this machine has none for Chromium,
#: so subscribing answers at once with a subscription of its own keys (a notification address
#: the server accepts), and dropping it forgets it.
PUSH_SERVICE = """(keys) => {
  let held = null;
  PushManager.prototype.getSubscription = function () { return Promise.resolve(held); };
  PushManager.prototype.subscribe = function () {
    held = {
      endpoint: "https://fcm.googleapis.com/fcm/send/keyboard-walk",
      toJSON() { return {endpoint: this.endpoint, keys: keys}; },
      unsubscribe() { held = null; return Promise.resolve(true); },
    };
    return Promise.resolve(held);
  };
}"""

#: The focused element's id and words, or null when the focus is on the page itself.
FOCUSED = """() => {
  const el = document.activeElement;
  return !el || el === document.body ? null : [el.id, el.textContent.trim()];
}"""


def test_notifications_turned_on_and_off_by_keyboard_keep_the_focus(
    make_context: ContextMaker, personas: Personas, live_server: LiveServer
) -> None:
    """The account page turns notifications on with one button and off with another, the one
    pressed hiding as the other shows. The focus the pressed button held fell to the page
    itself: a screen reader left its place and the next Tab began at the top of the page.
    It now goes on to the button shown in its place, and the status line says what happened."""
    keys_of_the_browser = PushKeys()
    context = make_context("phone")
    page = signed_in_with_worker(context, personas, live_server.url)
    page.goto("/account/")
    page.evaluate(
        PUSH_SERVICE, {"p256dh": keys_of_the_browser.p256dh, "auth": keys_of_the_browser.auth}
    )
    status = page.locator("#push-status")
    expect(status).to_have_text("Notifications are off for this device.")
    keys = Keyboard(page)
    keys.tab_to(lambda f: f.id == "push-password", "the password beside the button", 120)
    keys.type(PASSWORD)
    keys.tab_to_text("Turn on notifications on this device")
    page.keyboard.press("Enter")
    expect(status).to_have_text(ON)
    assert PushSubscription.objects.filter(user=personas.alice).count() == 1
    expect(page.locator("#push-on")).to_be_hidden()
    held = page.evaluate(FOCUSED)
    assert held == ["push-off", "Turn them off on this device"], held
    page.keyboard.press("Enter")
    expect(status).not_to_have_text(ON)
    expect(page.locator("#push-on")).to_be_visible()
    held = page.evaluate(FOCUSED)
    assert held == ["push-on", "Turn on notifications on this device"], held
    assert PushSubscription.objects.filter(user=personas.alice).count() == 0
    # The next Tab goes on from there, to the choice of nudges below, not back to the top.
    keys.press("Tab")
    assert page.evaluate("() => document.getElementById('push').contains(document.activeElement)")
    assert not keys.problems, keys.problems
