"""A question to talk about that is marked talked about stays as it was when she presses "We
talked about it" again (the partner audit of 2026-12-04, VII).

Both partners see the couple's list. Once he had marked a question talked about, her press on
a page opened before (another tab, a page left open since the morning) stamped it again with
her moment: it moved down his list among those talked about (the list is in the order they
were talked about, and shows twenty), and his download gave it her day. So he could read from
his own list that she had been at the question for today, though she changed nothing. A press
that asks for what is there already now writes nothing; "Put it back on the list" likewise.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interdepend.web.daily.models import TalkItem
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed
from tests.security.test_audit_sweeps import _steady

pytestmark = pytest.mark.django_db


def _his_list_and_download(his_phone: Client) -> tuple[str, dict[str, str]]:
    page = his_phone.get(reverse("daily:today"))
    export = his_phone.post(reverse("datarights:export"), {"password": PASSWORD})
    assert page.status_code == export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        files = {name: _steady(archive.read(name).decode()) for name in archive.namelist()}
    return _steady(page.content.decode()), files


def test_her_second_press_leaves_a_question_talked_about_as_he_marked_it(
    personas: Personas,
) -> None:
    item = TalkItem.objects.get(public_id=personas.daily["talk"])
    talked = reverse("daily:talked", args=[item.public_id])
    his_phone = password_confirmed(as_user(personas.bob))
    assert his_phone.post(talked).status_code == 302
    # He marked it a few days ago.
    a_while_ago = timezone.now() - timedelta(days=4)
    TalkItem.objects.filter(pk=item.pk).update(talked_at=a_while_ago)
    before = _his_list_and_download(his_phone)

    hers = password_confirmed(as_user(personas.alice))
    assert hers.post(talked).status_code == 302

    assert TalkItem.objects.get(pk=item.pk).talked_at == a_while_ago
    assert _his_list_and_download(his_phone) == before


def test_put_back_twice_writes_nothing_new_and_marking_still_works(personas: Personas) -> None:
    item = TalkItem.objects.get(public_id=personas.daily["talk"])
    talked = reverse("daily:talked", args=[item.public_id])
    hers = password_confirmed(as_user(personas.alice))
    assert hers.post(talked, {"done": "no"}).status_code == 302
    assert TalkItem.objects.get(pk=item.pk).talked_at is None
    assert hers.post(talked).status_code == 302
    marked = TalkItem.objects.get(pk=item.pk).talked_at
    assert marked is not None
    assert hers.post(talked, {"done": "no"}).status_code == 302
    assert TalkItem.objects.get(pk=item.pk).talked_at is None
