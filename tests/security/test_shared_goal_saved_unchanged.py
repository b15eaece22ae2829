"""A shared goal she saves without changing anything stays as it was for him (the partner audit
of 2026-12-04, VII).

Opening a shared goal's edit form and pressing *Save* with the same words (and the same
*reached* tick) wrote an edit all the same: the goal's version went up, its day of change
became today and she became its last editor. His goal page then said "Last changed by Alice
today" over words that had not changed, his download carried the new day, and the form he had
opened before was refused as changed by someone else. Each told him she had been at that goal
that day, though she changed nothing of it. A save that changes nothing now writes nothing.
"""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from interdepend.web.together import services
from interdepend.web.together.models import Goal
from tests.conftest import PASSWORD, Personas
from tests.helpers import as_user, password_confirmed
from tests.security.test_audit_sweeps import _steady

pytestmark = pytest.mark.django_db


def _his_goal(his_phone: Client, goal: Goal) -> tuple[str, str, dict[str, str]]:
    """His goal page, his list of goals and his download, file by file (what each draws fresh
    every time set aside)."""
    page = his_phone.get(reverse("together:goal", kwargs={"goal_id": goal.public_id}))
    goals = his_phone.get(reverse("together:goals"))
    export = his_phone.post(reverse("datarights:export"), {"password": PASSWORD})
    assert page.status_code == goals.status_code == export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        files = {name: _steady(archive.read(name).decode()) for name in archive.namelist()}
    return _steady(page.content.decode()), _steady(goals.content.decode()), files


def _same_again(goal: Goal) -> dict[str, object]:
    sent: dict[str, object] = {"title": goal.title, "detail": goal.detail, "version": goal.version}
    if goal.done:
        sent["done"] = "on"
    return sent


@pytest.mark.parametrize("reached", [False, True])
def test_her_save_without_a_change_leaves_his_goal_as_it_was(
    personas: Personas, reached: bool
) -> None:
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    if reached:
        goal = services.goal_update(
            goal=goal,
            expected_version=goal.version,
            title=goal.title,
            detail=goal.detail,
            done=True,
            editor=personas.bob,
        )
    his_phone = password_confirmed(as_user(personas.bob))
    his_page, his_list, _ = _his_goal(his_phone, goal)
    his_form = _same_again(goal)

    hers = password_confirmed(as_user(personas.alice))
    edit = reverse("together:goal_edit", kwargs={"goal_id": goal.public_id})
    saved = hers.post(edit, _same_again(goal))
    assert saved.status_code == 302

    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.version, stored.updated_at, stored.edited_by_id) == (
        goal.version,
        goal.updated_at,
        goal.edited_by_id,
    )
    page, goals, _ = _his_goal(his_phone, goal)
    assert "Last changed by <bdi>Alice</bdi>" not in page
    assert (page, goals) == (his_page, his_list)
    # The form he opened before her visit still saves his new words.
    his_form.update(title="Walk by the river on Saturdays", password=PASSWORD)
    assert his_phone.post(edit, his_form).status_code == 302
    assert Goal.objects.get(pk=goal.pk).title == "Walk by the river on Saturdays"


def test_his_download_does_not_move_when_she_saves_a_goal_unchanged(personas: Personas) -> None:
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    his_phone = password_confirmed(as_user(personas.bob))
    hers = password_confirmed(as_user(personas.alice))
    edit = reverse("together:goal_edit", kwargs={"goal_id": goal.public_id})
    # A first real edit of hers long ago, so that his download names a day of change (moved
    # back by days, not to another year's same date: the 29th of February has none).
    services.goal_update(
        goal=goal,
        expected_version=goal.version,
        title="Walk by the river on Sundays, rain or not",
        detail="",
        done=False,
        editor=personas.alice,
    )
    Goal.objects.filter(pk=goal.pk).update(
        updated_at=Goal.objects.get(pk=goal.pk).updated_at - timedelta(days=400)
    )
    goal = Goal.objects.get(pk=goal.pk)
    *_, before = _his_goal(his_phone, goal)
    assert hers.post(edit, _same_again(goal)).status_code == 302
    *_, after = _his_goal(his_phone, goal)
    assert after == before
    assert Goal.objects.get(pk=goal.pk).version == goal.version


def test_a_real_change_still_moves_the_goal(personas: Personas) -> None:
    """The fix writes nothing only when nothing changed: new words, or *reached* ticked, still
    count as an edit of hers, shown to him as before."""
    goal = Goal.objects.get(public_id=personas.together["shared_goal"])
    hers = password_confirmed(as_user(personas.alice))
    edit = reverse("together:goal_edit", kwargs={"goal_id": goal.public_id})
    assert hers.post(edit, {**_same_again(goal), "done": "on"}).status_code == 302
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.done, stored.version, stored.edited_by_id) == (
        True,
        goal.version + 1,
        personas.alice.pk,
    )
    page = password_confirmed(as_user(personas.bob)).get(
        reverse("together:goal", kwargs={"goal_id": goal.public_id})
    )
    assert "Last changed by <bdi>Alice</bdi>" in page.content.decode()
