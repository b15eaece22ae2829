"""T19: the same form posted concurrently 2–10 times makes one row.

Every create form carries a hidden one-time key (``idem`` or ``token``) rendered with the page.
A double click, a retry after a timeout or a browser resending the post all carry the same key;
the server must make one row however the posts race. Each form below is posted by 2, 3, … 10
threads at once (each thread its own connection and session), and every table's row count must
grow exactly as one post makes it grow.

A guard test crawls the pages as each persona and fails if a page offers a keyed create form
that is not in the table below, so a new form cannot skip this test.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from tests.conftest import Personas
from tests.faults.concurrency import all_returned, run_threads
from tests.helpers import as_user
from tests.security.policy import POLICY

KEY_FIELDS = ("idem", "token")
MAX_COPIES = int(os.environ.get("IDEMPOTENCY_MAX_COPIES", "10"))
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
ACTION = re.compile(r'action="([^"]*)"', re.I)


def _soon() -> str:
    return (timezone.localdate() + timedelta(days=5)).isoformat()


#: url name → (who posts, the fields besides the key). Who: a persona attribute.
CREATE_FORMS: dict[str, tuple[str, Callable[[], dict[str, str]]]] = {
    "together:goals": ("alice", lambda: {"title": "Learn to sail", "together": "on"}),
    "together:commitments": ("alice", lambda: {"text": "Cook on Friday", "due_on": _soon()}),
    "together:bids": ("alice", lambda: {"text": "Shall we walk after dinner?"}),
    "together:boundaries": ("alice", lambda: {"text": "I need an hour alone after work."}),
    "together:circle": ("carol", lambda: {"name": "Nadia"}),
    "together:goal_note": ("bob", lambda: {"text": "Booked the first lesson."}),
    "journal:write": ("alice", lambda: {"body": "Today I noticed I asked for help."}),
    "decide:create": (
        "alice",
        lambda: {"title": "Where to eat", "options": "Thai\nPizza"},
    ),
}
#: the page a form is on, where it is not the form's own URL
PAGES = {"together:goal_note": "together:goal", "decide:create": "decide:index"}
URL_KWARGS = {"together:goal_note": lambda p: {"goal_id": p.together["shared_goal"]}}


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and model._meta.app_label not in {"accounts", "axes"}
    }


def _form_fields(page: str, action: str, page_url: str) -> dict[str, str]:
    for form in FORM.findall(page):
        found = ACTION.search(form)
        target = html.unescape(found.group(1)) if found and found.group(1) else page_url
        if target == action and any(f'name="{key}"' in form for key in KEY_FIELDS):
            return {
                name: html.unescape(value)
                for name, value in re.findall(
                    r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form
                )
            }
    raise AssertionError(f"no form posting to {action}")


def poster(clients: list[Client], url: str, fields: dict[str, str]) -> Callable[[int], int]:
    """Thread ``n`` posts the form as ``clients[n]``; its status comes back."""
    return lambda n: clients[n].post(url, fields).status_code


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_the_same_post_sent_concurrently_makes_one_row(personas: Personas) -> None:
    posts = 0
    duplicates: list[str] = []
    for name, (who, values) in CREATE_FORMS.items():
        kwargs = URL_KWARGS.get(name, lambda p: {})(personas)
        url = reverse(name, kwargs=kwargs)
        page_name = PAGES.get(name, name)
        page_url = reverse(page_name, kwargs=kwargs if page_name != "decide:index" else {})
        person = getattr(personas, who)
        for copies in range(2, MAX_COPIES + 1):
            clients = [as_user(person) for _ in range(copies)]
            page = clients[0].get(page_url).content.decode()
            fields = {**_form_fields(page, url, page_url), **values()}
            fields.pop("csrfmiddlewaretoken", None)
            before = counts()
            statuses = all_returned(run_threads(copies, poster(clients, url, fields)))
            posts += copies
            assert all(status < 400 for status in statuses), f"{name}: {statuses}"
            after = counts()
            grown = {label: after[label] - before[label] for label in after}
            made = {label: n for label, n in grown.items() if n}
            if any(n != 1 for n in made.values()) or not made:
                duplicates.append(f"{name} × {copies}: {made}")
    print(
        f"\nT19 idempotency: {len(CREATE_FORMS)} create forms × 2–{MAX_COPIES} concurrent "
        f"copies, {posts} posts, {len(duplicates)} duplicates"
    )
    assert not duplicates, "\n".join(duplicates)


@pytest.mark.django_db
@pytest.mark.slow
def test_every_keyed_form_is_in_the_table(personas: Personas) -> None:
    """A page that offers a create form with a one-time key must have a row above."""
    offered: set[str] = set()
    for role, person in personas.by_role().items():
        client = as_user(person)
        for name, row in POLICY.items():
            if row.get[role] != "ok":
                continue
            response = client.get(reverse(name, kwargs=row.kwargs(personas)))
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for form in FORM.findall(response.content.decode()):
                if not any(f'name="{key}"' in form for key in KEY_FIELDS):
                    continue
                found = ACTION.search(form)
                target = (
                    html.unescape(found.group(1))
                    if found and found.group(1)
                    else response.request["PATH_INFO"]
                )
                offered.add(resolve(target.split("?")[0]).view_name)
    missing = sorted(offered - set(CREATE_FORMS))
    print(f"\nT19 guard: {len(offered)} keyed create forms offered, {len(missing)} untested")
    assert not missing, f"keyed create forms with no T19 row: {missing}"
