"""The language chooser: a browser's choice, kept on the account, private to its person."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from interdepend.web.accounts.models import User
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|idem|token)" value=")[^"]*"')


def _lang(client: Client, url: str = "/") -> str:
    found = re.search(r'<html lang="([^"]+)"', client.get(url).content.decode())
    assert found
    return found[1]


def test_every_page_offers_each_language_named_in_itself(client: Client) -> None:
    body = client.get(reverse("frame:about")).content.decode()
    assert 'action="/language/"' in body
    assert '<option value="es" lang="es">Español</option>' in body
    assert "English" in body


def test_a_visitor_chooses_spanish_and_this_browser_keeps_it(client: Client) -> None:
    response = client.post(reverse("accounts:language"), {"language": "es", "next": "/about/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/about/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert _lang(client) == "es"
    assert _lang(Client()) == "en"  # another browser is not touched


def test_an_unknown_language_or_a_foreign_next_changes_nothing(client: Client) -> None:
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "/about/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    response = client.post(
        reverse("accounts:language"), {"language": "es", "next": "https://elsewhere.example/"}
    )
    assert response.headers["Location"] == "/"
    assert client.get(reverse("accounts:language")).status_code == 405


def test_the_choice_follows_the_person_to_another_device(personas: Personas) -> None:
    alice = personas.alice
    phone = as_user(alice)
    phone.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "es"
    laptop = as_user(alice)  # a browser that never chose: its own cookie is unset
    response = laptop.get("/")
    assert re.search(r'<html lang="es"', response.content.decode())
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert response.headers["Content-Language"] == "es"


def test_signing_in_puts_the_accounts_language_in_force(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(language="es")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.alice)
    assert _lang(client) == "es"


def test_the_account_language_beats_the_browsers_accept_language(personas: Personas) -> None:
    User.objects.filter(pk=personas.alice.pk).update(language="en")
    client = as_user(personas.alice)
    response = client.get("/", headers={"Accept-Language": "es"})
    assert '<html lang="en"' in response.content.decode()
    assert _lang(Client(headers={"Accept-Language": "es"})) == "es"


def test_mail_to_someone_who_never_chose_is_in_the_language_her_pages_were_in(
    personas: Personas,
) -> None:
    """The phone walk: she read every page in Spanish (her browser's language) and never used
    the chooser; her reset link came in English. The language her pages are in when she signs
    in is kept for her e-mails (written only then, and only when it changed); it decides no
    page."""
    from django.core import mail

    from interdepend.web.accounts.language import language_of

    alice = personas.alice
    assert alice.language == ""
    phone = Client(headers={"Accept-Language": "es"})
    signed = phone.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    assert signed.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "" and alice.language_seen == "es"
    assert language_of(alice) == "es"
    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": alice.email})
    assert "contraseña" in mail.outbox[0].body.lower()
    pages = phone.get("/", headers={"Accept-Language": "en"})  # a page writes nothing
    assert '<html lang="en"' in pages.content.decode()
    alice.refresh_from_db()
    assert alice.language_seen == "es"


def test_the_partner_learns_nothing_of_the_others_language(personas: Personas) -> None:
    """Bob's pages are the same, byte for byte but for form tokens, whichever language Alice
    reads in."""
    urls = [reverse("home:home"), reverse("couple:home"), reverse("accounts:settings")]
    bob = as_user(personas.bob)

    def pages() -> list[str]:
        return [VOLATILE.sub(r"\1", bob.get(url).content.decode()) for url in urls]

    before = pages()
    as_user(personas.alice).post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert User.objects.get(pk=personas.alice.pk).language == "es"
    assert pages() == before


def test_a_forged_choice_cannot_change_an_account(personas: Personas) -> None:
    """Signed in, the chooser needs the form token like every other form; signed out it has
    none, so that signed-out pages stay the same for everyone."""
    forged = as_user(personas.alice, enforce_csrf_checks=True)
    response = forged.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert response.status_code == 403
    assert User.objects.get(pk=personas.alice.pk).language == ""
    visitor = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" not in visitor.get(reverse("frame:about")).content.decode()
    response = visitor.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_dates_and_numbers_are_written_the_languages_way() -> None:
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    drawn = Template(
        '{{ d|date:"DATE_FORMAT" }} · {{ d|date:"SHORT_DATE_FORMAT" }} · {{ x|floatformat:1 }}'
    )
    context = Context({"d": date(2026, 11, 30), "x": 2.5})
    with translation.override("en"):
        assert drawn.render(context) == "30 November 2026 · 30 Nov 2026 · 2.5"
    with translation.override("es"):
        assert drawn.render(context) == "30 de noviembre de 2026 · 30 nov 2026 · 2,5"


def test_a_date_picker_gets_an_iso_date_in_every_language() -> None:
    from datetime import date

    from django import forms
    from django.utils import translation

    from interdepend.web.frame.formwords import DateInRange

    class Form(forms.Form):
        day = DateInRange(
            earliest=lambda: date(2026, 1, 1),
            latest=lambda: date(2026, 12, 31),
            too_early="%(day)s",
            too_late="%(day)s",
        )

    for language in ("en", "es"):
        with translation.override(language):
            drawn = str(Form(initial={"day": date(2026, 11, 30)})["day"])
            assert 'value="2026-11-30"' in drawn, language
            posted = Form(data={"day": "2026-11-30"})
            assert posted.is_valid() and posted.cleaned_data["day"] == date(2026, 11, 30)


def test_the_account_page_has_a_language_row_that_leads_to_the_chooser(
    personas: Personas,
) -> None:
    """Under Account, a row "Language" names the language in use and leads to the chooser,
    which is on that page too (the footer's, the one form that changes it)."""
    User.objects.filter(pk=personas.alice.pk).update(language="es")
    body = as_user(personas.alice).get(reverse("accounts:settings")).content.decode()
    row = re.search(r'<li><a href="#language-choice">([^<]*)<', body)
    assert row is not None, "no Language row on the account page"
    assert row[1].strip() == "Idioma"
    assert '<span lang="es">español</span>' in body.lower()
    assert 'id="language-choice"' in body


@pytest.mark.parametrize(
    ("referer", "back"),
    [
        ("http://testserver/decide/?from=home", "/decide/?from=home"),
        ("https://elsewhere.example/decide/", "/"),
        (None, "/"),
    ],
)
def test_changing_language_on_a_forms_mistakes_goes_back_to_the_forms_page(
    personas: Personas, referer: str | None, back: str
) -> None:
    """A form's mistakes are shown at the address it was sent to, which only takes a button
    press: the language chooser there sent her to "Nothing to see here" (the phone audit of
    2026-12-03). It now goes back to the page the form was on when the browser names one of
    ours, else home; a page asked for in the ordinary way still comes back to itself."""
    client = as_user(personas.alice)
    headers = {"Referer": referer} if referer else {}
    mistake = client.post(
        reverse("decide:create"),
        {"title": "Where to live", "options": "Here", "token": "t-one"},
        headers=headers,
    )
    assert "at least two options" in mistake.content.decode()
    (next_value,) = re.findall(r'name="next" value="([^"]*)"', mistake.content.decode())[-1:]
    next_value = next_value.replace("&amp;", "&")
    assert next_value == back
    changed = client.post(reverse("accounts:language"), {"language": "es", "next": next_value})
    assert changed["Location"] == back
    assert client.get(changed["Location"]).status_code == 200
    page = client.get(reverse("decide:index")).content.decode()
    assert f'name="next" value="{reverse("decide:index")}"' in page


def test_the_language_chosen_before_signing_up_becomes_the_accounts(client: Client) -> None:
    """The phone walk: she chose Español on the first page and signed up in Spanish; signed in
    on her next device, every page was in English. The choice of the browser she signed up on
    is kept on her account; a browser that never chose leaves the account without one."""
    from tests.web.test_accounts import confirm_from_mail, signup

    client.post(reverse("accounts:language"), {"language": "es", "next": "/"})
    signup(client, "bea@example.test", name="Bea")
    assert confirm_from_mail(client, "bea@example.test").status_code == 302
    assert User.objects.get(email="bea@example.test").language == "es"
    laptop = Client()
    laptop.force_login(User.objects.get(email="bea@example.test"))
    assert _lang(laptop) == "es"

    plain = Client()
    signup(plain, "ana@example.test", name="Ana")
    assert confirm_from_mail(plain, "ana@example.test").status_code == 302
    assert User.objects.get(email="ana@example.test").language == ""
