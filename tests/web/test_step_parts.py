"""The two-step page's parts written in Python (``accounts/templatetags/stepparts.py``, issue
15's fourteenth pass): the way back to the account page and the passkey's words and script,
which were included templates, and the passkey's name and the password boxes, which were drawn
through ``{% form_fields %}``. Each is held to what it replaced, byte for byte, in English and
Spanish; the page to the old template (``tests/web/reference/accounts/two_step.html``) in two
time zones, with no passkey, one named in markup, quotes and right-to-left words, and many."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.accounts.forms import PasskeyAddForm, PasswordConfirmForm, TwoStepCodeForm
from interdepend.web.accounts.models import Passkey, User
from interdepend.web.accounts.templatetags import stepparts
from interdepend.web.frame.templatetags import formfields
from tests.helpers import as_user
from tests.web.test_two_step import person  # noqa: F401 - the fixture is used below
from tests.web.test_two_step_page_made import TOKEN, _with_everything_made


def _same(client: Client, user: User) -> str:
    """The page, and the old template drawn with the same context in her language and zone
    (the request's own zone is put back once it is answered): equal."""
    response = client.get(reverse("accounts:two_step"))
    assert response.status_code == 200
    with translation.override(user.language), timezone.override(user.time_zone):
        before = _with_everything_made(response, user)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    return page


HOSTILE = "<script>alert('k')</script> & \"my\" key \u202eמפתח'"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_way_back_and_the_passkey_words_are_the_parts_they_replace(language: str) -> None:
    with translation.override(language):
        back = stepparts.to_account()
        assert back == render_to_string(stepparts.TO_ACCOUNT)
        script = stepparts.passkey_script()
        assert script == render_to_string(stepparts.PASSKEY_SCRIPT)
    assert script.count(" data-") == 7 and "js/passkey" in script
    if language == "es":
        assert "Your account" not in back and "This passkey" not in script


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_small_forms_written_straight_are_the_forms_drawn_by_django(
    person: User,  # noqa: F811 - the fixture
    language: str,
) -> None:
    """The passkey's name (with its hidden answer) and a password box, as the page first shows
    them, for any prefix or ids, even ones to escape; a form sent back, given a first value or
    of another shape is left to Django."""
    with translation.override(language):
        forms: list[PasskeyAddForm | PasswordConfirmForm] = [
            PasskeyAddForm(prefix=prefix) for prefix in (None, "pk", 'x"<&>\u202e')
        ]
        forms += [
            PasswordConfirmForm(user=person, auto_id=ids)
            for ids in ("passkey-%s", "app-%s", "app-off-%s", "id_%s", 'a"<&>%s')
        ]
        forms.append(PasswordConfirmForm(user=person, prefix="p<", auto_id="app-%s"))
        for form in forms:
            drawn = stepparts.written(form)
            assert drawn is not None and drawn == formfields.draw(form), form.prefix
            assert "<script" not in drawn and 'x"<' not in drawn and 'a"<' not in drawn
        sent = PasswordConfirmForm({"password": "wrong"}, user=person, auto_id="app-%s")
        assert not sent.is_valid() and stepparts.written(sent) is None
        assert stepparts.written(PasskeyAddForm({"name": "", "answer": ""})) is None
        assert stepparts.written(PasskeyAddForm(initial={"name": "mine"})) is None
        assert stepparts.written(TwoStepCodeForm()) is None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_page_is_the_old_templates(person: User, language: str, zone: str) -> None:  # noqa: F811
    person.language, person.time_zone = language, zone
    person.save(update_fields=["language", "time_zone"])
    client = as_user(person)
    empty = _same(client, person)
    assert 'id="passkey-password"' in empty and 'id="passkey-words"' in empty
    Passkey.objects.create(user=person, name=HOSTILE, credential_id="c0", public_key=b"k")
    named = _same(client, person)
    assert "<script>alert" not in named and "&lt;script&gt;alert" in named
    for n in range(1, 15):
        Passkey.objects.create(user=person, name=f"key {n}", credential_id=f"c{n}", public_key=b"k")
    many = _same(client, person)
    assert many.count("<li><strong>") == 15
    assert 'id="app-off-password"' in many  # with a passkey, her password beside the codes


def test_the_page_writes_its_small_forms_straight(
    person: User,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As she first opens it, the page's forms are the ones written straight (and the page is
    still the old template's: the test above)."""
    drawn: list[str | None] = []
    real = stepparts.written

    def kept(form: object) -> str | None:
        drawn.append(real(form))
        return drawn[-1]

    monkeypatch.setattr(stepparts, "written", kept)
    page = as_user(person).get(reverse("accounts:two_step")).content.decode()
    assert len(drawn) == 2 and all(d is not None and d in page for d in drawn)
