"""Every date a page shows is written one way per language: the day, the month's whole name and
the year ("6 December 2026", "6 de diciembre de 2026"), with a time after a comma when it has
one. The phone walk of 2026-12-05 read "by 8 Dec 2026" on one page and "6 December 2025" on
the next; the months' short names stay for the labels under a chart, where room is short."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.policy import POLICY

pytestmark = pytest.mark.django_db

#: A day written with its month's short name: "8 Dec 2026", "8 dic 2026", "8 Dec" (May, the
#: same both ways, and "sept" are left to the others).
SHORT = {
    "en": re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"),
    "es": re.compile(r"\b\d{1,2} (?:ene|feb|mar|abr|jun|jul|ago|sep|oct|nov|dic)\b"),
}
ROLES = ("owner-alone", "partner", "practitioner")
TAG = re.compile(r"<[^>]*>")


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return ""
    return TAG.sub(" ", response.content.decode(errors="replace"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_writes_a_day_with_its_month_s_short_name(
    personas: Personas, language: str
) -> None:
    seen: list[str] = []
    days = 0
    for role in ROLES:
        user = personas.by_role()[role]
        user.language = language
        user.save(update_fields=["language"])
        client = as_user(user)
        for name, row in POLICY.items():
            text = _text(client, reverse(name, kwargs=row.kwargs(personas)))
            days += len(re.findall(r"\b\d{1,2} (?:de )?[A-Za-z]{3,}\w* (?:de )?20\d\d\b", text))
            seen.extend(f"{name} as {role}: {m}" for m in SHORT[language].findall(text))
    assert days, "the walk met no date at all"
    assert not seen, seen
