"""In real Chromium: the pages with charts (results, trends, couple view) at phone and desktop
size, light and dark: text in every chart at least 12 px, words instead of empty charts, axe
clean. Screenshots go to ``test-results/screenshots/charts/`` to be looked at."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.accounts.services import user_create
from interdepend.web.assessment.models import Attempt
from interdepend.web.demo import demo_load
from tests.browser.conftest import ColorScheme, ContextMaker
from tests.browser.helpers import axe_serious, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots" / "charts"
SIZES: tuple[tuple[str, ColorScheme], ...] = (
    ("phone", "light"),
    ("phone", "dark"),
    ("desktop", "light"),
    ("desktop", "dark"),
)


#: The charts on a page (the bar's two rings, a phone's name for the app, are no chart).
CHARTS = "main img[src$='.svg'], main img[src*='svg']"


def smallest_text_px(page: Page) -> dict[str, float]:
    """For each chart on the page: its smallest text as shown, in CSS pixels (the SVG's font
    size times the scale the browser draws the image at)."""
    shown: dict[str, float] = {}
    for image in page.locator(CHARTS).all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        src = image.get_attribute("src") or ""
        width = image.evaluate("img => img.getBoundingClientRect().width")
        root = ET.fromstring(page.request.get(src).text())
        view_width = float(root.get("viewBox", "0 0 1 1").split()[2])
        base = float(root.get("font-size", "0"))
        sizes = [float(n.get("font-size", base)) for n in root.findall(".//{*}text")]
        shown[src] = min(sizes) * width / view_width
    return shown


#: Draws each chart into a canvas as the page shows it and reads a pixel of its ground.
GROUND = """img => {
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  return Array.from(context.getImageData(2, 2, 1, 1).data.slice(0, 3));
}"""


#: Whether every chart's ground, drawn as the page shows it, is dark.
DRAWN_DARK = (
    "selector => [...document.querySelectorAll(selector)].every("
    f"img => Math.max(...({GROUND})(img)) < 80)"
)


def grounds(page: Page) -> dict[str, list[int]]:
    """Each chart's ground colour as drawn on this page (red, green, blue)."""
    return {
        image.get_attribute("src") or "": image.evaluate(GROUND)
        for image in page.locator(CHARTS).all()
    }


def look(page: Page, name: str, size: str, scheme: str) -> list[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}-{scheme}.png"), full_page=True)
    return axe_serious(page)


def test_every_chart_page_reads_at_phone_and_desktop_size(make_context: ContextMaker) -> None:
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    attempt = Attempt.objects.filter(user=maya, completed_at__isnull=False).latest("completed_at")
    pages = {
        "results": f"/me/assessment/{attempt.public_id}/results/",
        "trends": "/together/trends/",
        "couple": "/us/couple/",
    }
    violations: list[str] = []
    for size, scheme in SIZES:
        page = make_context(size, scheme).new_page()
        log_in(page, maya.email, DEMO_PASSWORD)
        for name, path in pages.items():
            page.goto(path)
            texts = smallest_text_px(page)
            assert texts, f"{name}: no chart on the page"
            small = {src: px for src, px in texts.items() if px < 12}
            assert not small, f"{name} at {size}: chart text below 12 px: {small}"
            # A chart follows the page into dark mode rather than standing out as a white panel.
            for src, rgb in grounds(page).items():
                light = min(rgb) > 240
                assert light == (scheme == "light"), f"{name} {scheme}: {src} drawn on {rgb}"
            violations += look(page, name, size, scheme)
    assert not violations, violations


def test_charts_follow_a_switch_to_dark_mode_with_the_page_open(
    make_context: ContextMaker,
) -> None:
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    attempt = Attempt.objects.filter(user=maya, completed_at__isnull=False).latest("completed_at")
    page = make_context("phone", "light").new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    for path in ("/together/trends/", f"/me/assessment/{attempt.public_id}/results/"):
        page.emulate_media(color_scheme="light")
        page.goto(path)
        assert all(min(rgb) > 240 for rgb in grounds(page).values())
        page.emulate_media(color_scheme="dark")
        for image in page.locator("figure img").all():
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
        # Each chart is drawn again in its dark colours once the browser has taken the switch
        # in, which on a loaded machine takes longer than any fixed pause.
        page.wait_for_function(DRAWN_DARK, arg=CHARTS)
        drawn = grounds(page)
        assert drawn and all(max(rgb) < 80 for rgb in drawn.values()), drawn


def test_trends_with_no_checkins_say_what_will_appear(make_context: ContextMaker) -> None:
    user_create(email="new@example.test", password=DEMO_PASSWORD, display_name="Noa")
    violations: list[str] = []
    sizes: tuple[tuple[str, ColorScheme], ...] = (("phone", "light"), ("desktop", "dark"))
    for size, scheme in sizes:
        page = make_context(size, scheme).new_page()
        log_in(page, "new@example.test", DEMO_PASSWORD)
        page.goto("/together/trends/")
        svg = ET.fromstring(page.request.get("/together/trends/mine.svg").text())
        words = " ".join(node.text or "" for node in svg.findall(".//{*}text"))
        assert "After the first weekly check-in, each question gets its own" in words
        assert "−0.0" not in words and "-0.0" not in words
        assert all(px >= 12 for px in smallest_text_px(page).values())
        violations += look(page, "trends-empty", size, scheme)
    assert not violations, violations
