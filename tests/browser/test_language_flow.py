"""The language chooser in Chromium: chosen on a phone, it follows the person to a laptop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "ana.lang@example.test", "a long and private passphrase"


def _choose(page: Page, language: str) -> None:
    page.locator("form.language-choice select").select_option(language)  # "Idioma" in Spanish
    page.locator("form.language-choice button").click()
    page.wait_for_load_state()


def test_a_choice_made_on_a_phone_follows_the_person(make_context: ContextMaker) -> None:
    phone = make_context("phone").new_page()
    phone.goto("/about/")
    _choose(phone, "es")  # signed out: this browser keeps it
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone).to_have_url(re.compile(r"/about/$"))
    _choose(phone, "en")
    sign_up(phone, "Ana", EMAIL, PASSWORD)
    _choose(phone, "es")  # signed in: the account keeps it
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_label("Idioma")).to_have_value("es")  # the chooser, in Spanish
    phone.screenshot(path="/tmp/i18n-phone-es.png", full_page=True)

    laptop = make_context("desktop").new_page()
    laptop.goto("/about/")
    expect(laptop.locator("html")).to_have_attribute("lang", "en")
    log_in(laptop, EMAIL, PASSWORD)
    expect(laptop.locator("html")).to_have_attribute("lang", "es")
    laptop.screenshot(path="/tmp/i18n-desktop-es.png", full_page=True)
    laptop.get_by_role("button", name="Cerrar sesión").click()  # "Log out", in Spanish
    expect(laptop.locator("html")).to_have_attribute("lang", "es")  # this browser remembers
