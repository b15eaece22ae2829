"""The two-step page makes only what it shows (issue 15's eleventh pass): her recovery codes'
count and day and the password box beside them with a second step, the code's box with an app
or one being set up, the password beside a new app while one is being set up, the password
beside a new passkey where passkeys can work. In every state the page is the same, byte for
byte, as the page drawn with all of them made, as it was before."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interdepend.web.accounts import twostep
from interdepend.web.accounts.forms import PasswordConfirmForm, TwoStepCodeForm
from interdepend.web.accounts.models import AuthenticatorApp, Passkey, User
from interdepend.web.accounts.twostep_views import PROOF_IDS, _digits_only, first_factor_proof
from tests.helpers import Response, as_user, password_confirmed
from tests.web.test_two_step import person, turn_on  # noqa: F401 - the fixture is used below

pytestmark = pytest.mark.django_db

#: The page's template as it was before its parts were written in Python (issue 15's fourteenth
#: pass): the way back, the passkey's words and script, and its small forms.
REFERENCE = (Path(__file__).parent / "reference" / "accounts" / "two_step.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
#: Everything the page's template reads from the view.
KEYS = (
    "passkeys",
    "passkey_form",
    "passkeys_here",
    "factor",
    "factor_fresh",
    "app",
    "pending",
    "key_hidden",
    "qr",
    "key",
    "uri",
    "issuer",
    "left",
    "codes_made",
    "codes_once",
    "form",
    "app_proof",
    *(f"proof_{which}" for which in PROOF_IDS),
)


def _with_everything_made(response: Response, user: User) -> str:
    """The page drawn from the same context with every form and read made, as the view made
    them before whatever the page showed."""
    request = response.wsgi_request
    context = {key: response.context[key] for key in KEYS}
    context["left"] = twostep.recovery_left(user)
    context["codes_made"] = twostep.recovery_made(user)
    if context["form"] is None:
        made = TwoStepCodeForm()
        context["form"] = _digits_only(made) if context["pending"] else made
    if context["app_proof"] is None:
        context["app_proof"] = PasswordConfirmForm(user=user, auto_id="app-off-%s")
    for which in PROOF_IDS:
        if context[f"proof_{which}"] is None:
            context[f"proof_{which}"] = first_factor_proof(request, user, which, bound=False)
    return engines["django"].from_string(REFERENCE).render(context, request)


def _same(client: Client, user: User, host: str = "testserver") -> str:
    response = client.get(reverse("accounts:two_step"), headers={"host": host})
    assert response.status_code == 200
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", _with_everything_made(response, user))
    return page


def test_with_nothing_set_up(person: User) -> None:  # noqa: F811 - the fixture
    client = as_user(person)
    page = _same(client, person)
    assert "Set up an authenticator app" in page and "recovery codes are left" not in page
    # Where passkeys cannot work (a numeric address), without the passkey's password box.
    page = _same(client, person, host="127.0.0.1")
    assert 'id="passkey-password"' not in page


def test_while_an_app_is_set_up_shown_and_then_hidden(person: User) -> None:  # noqa: F811
    client = password_confirmed(as_user(person))
    assert client.post(reverse("accounts:two_step_start")).status_code == 302
    shown = _same(client, person)
    assert "<svg" in shown and 'inputmode="numeric"' in shown
    hidden = _same(client, person)
    assert "<svg" not in hidden and "Start again with a new key" in hidden


def test_with_the_app_on(person: User) -> None:  # noqa: F811
    client, _secret, _codes = turn_on(person)
    page = _same(client, person)
    assert "10 recovery codes are left." in page and "app-off-password" in page


def test_with_a_passkey_only(person: User) -> None:  # noqa: F811
    Passkey.objects.create(user=person, name="<b>my key</b>", credential_id="c1", public_key=b"k")
    page = _same(as_user(person), person)
    assert "Recovery codes" in page and "&lt;b&gt;my key&lt;/b&gt;" in page


def test_without_a_second_step_her_recovery_codes_are_not_read(person: User) -> None:  # noqa: F811
    """They are shown only with a second step; the page read them on every view."""
    client = as_user(person)
    client.get(reverse("accounts:two_step"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("accounts:two_step"))
    read = [q["sql"] for q in captured if "accounts_recoverycode" in q["sql"]]
    assert read == []
    Passkey.objects.create(user=person, name="key", credential_id="c1", public_key=b"k")
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("accounts:two_step"))
    assert any("accounts_recoverycode" in q["sql"] for q in captured)


def test_her_app_is_read_once_as_the_two_reads_gave_it(person: User) -> None:  # noqa: F811
    """The page reads her app with one statement (issue 15's thirteenth pass): confirmed, being
    set up (young and too old) or none, the same as :func:`twostep.confirmed_app` and, with
    none confirmed, :func:`twostep.pending_app`."""

    def both() -> tuple[object, object]:
        with CaptureQueriesContext(connection) as asked:
            read = twostep.apps_of(person)
        assert len(asked) == 1
        confirmed = twostep.confirmed_app(person)
        apart = (confirmed, None if confirmed else twostep.pending_app(person))
        assert read == apart
        return read

    assert both() == (None, None)
    made = twostep.app_begin(person)
    assert both() == (None, made)
    AuthenticatorApp.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(seconds=twostep.PENDING_APP_SECONDS + 1)
    )
    assert both() == (None, None)  # left half done too long: not offered
    AuthenticatorApp.objects.filter(pk=made.pk).update(confirmed_at=timezone.now())
    assert both() == (made, None)


#: Names a passkey may be given that a page must draw as text, never as markup.
HOSTILE = ("<script>alert(1)</script>", "\"quoted' & {{ braces }}", "\u202eevil\u202c", "{% now %}")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("where", ["testserver", "127.0.0.1"])
def test_in_each_language_and_state_the_fixed_text_is_the_old_templates(
    person: User,  # noqa: F811 - the fixture
    language: str,
    where: str,
) -> None:
    """The page's fixed text, kept per language (``twostepparts``), is what the old template
    drew, in English and Spanish, with nothing set up, an app being set up (shown and
    hidden), the app on with passkeys of hostile names, and passkeys only."""
    person.language = language
    person.save(update_fields=["language"])
    client = password_confirmed(as_user(person))
    off = _same(client, person, host=where)
    assert ("Not set up." in off) == (language == "en")
    assert client.post(reverse("accounts:two_step_start")).status_code == 302
    _same(client, person, host=where)  # the key shown
    _same(client, person, host=where)  # and hidden
    for number, name in enumerate(HOSTILE):
        Passkey.objects.create(user=person, name=name, credential_id=f"c{number}", public_key=b"k")
    page = _same(client, person, host=where)  # passkeys only, the app still half done
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_each_fixed_section_is_drawn_as_the_engine_draws_it_in_each_language() -> None:
    """Each kept section is the engine's drawing of its source in the language of now, and
    each language keeps its own."""
    from django.utils import translation

    from interdepend.web.accounts.templatetags import twostepparts

    drawn = {}
    for language in ("en", "es"):
        with translation.override(language):
            for name, (texts, markers) in twostepparts._SOURCES.items():
                assert markers == ()  # no value goes into the page's fixed text
                fresh = engines["django"].from_string(texts[0]).render({})
                assert twostepparts.two_step_fixed(name) == fresh
            drawn[language] = twostepparts.two_step_fixed("head")
    assert drawn["en"] != drawn["es"] and "<h1>" in drawn["es"]
