"""T17: the export is complete and self-only; erasure leaves nothing of the person behind."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from interdepend.web.datarights.providers import SECRET_TABLES
from interdepend.web.datarights.services import export_archive
from interdepend.web.partners.models import GuessAttempt
from interdepend.web.together.models import GoalNote, KeptWords
from tests.conftest import PASSWORD, Personas
from tests.security.datarights_support import (
    SECOND_STEP_SECRETS,
    database_text,
    enrich,
    enrich_second_step,
    read_export,
    rows_pointing_at,
    user_foreign_keys,
)

pytestmark = pytest.mark.django_db


def _signed_in(email: str) -> Client:
    """A real login (not force_login), so a session row and a login record exist too."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _exported_keys(tables: dict[str, list[dict[str, object]]]) -> dict[str, set[object]]:
    return {name: {row.get("id") for row in rows} for name, rows in tables.items()}


def _missing(
    expected: dict[str, set[object]], tables: dict[str, list[dict[str, object]]]
) -> list[tuple[str, object]]:
    """Rows pointing at the person that the export does not hold (rows named by a public id
    are matched by ``id``; kinds without one, whose integer keys stay inside, by count)."""
    exported = _exported_keys(tables)
    missing: list[tuple[str, object]] = []
    for name, pks in expected.items():
        if name in SECRET_TABLES:
            continue
        if all(isinstance(pk, str) for pk in pks):
            missing.extend((name, pk) for pk in pks - exported.get(name, set()))
        elif len(tables.get(name, [])) < len(pks):
            missing.append((name, f"{len(pks) - len(tables.get(name, []))} rows"))
    return missing


def _residual_rows(user_pk: int, email: str) -> int:
    from axes.models import AccessAttempt, AccessLog

    count = sum(
        model._default_manager.filter(**{field.attname: user_pk}).count()
        for model, field in user_foreign_keys()
    )
    count += get_user_model()._default_manager.filter(pk=user_pk).count()
    count += GuessAttempt.objects.filter(key=f"user:{user_pk}").count()
    for model in (AccessAttempt, AccessLog):
        count += model._default_manager.filter(username__iexact=email).count()
    return count


def test_t17_export_is_complete_and_self_only_and_erasure_leaves_nothing(
    personas: Personas,
) -> None:
    foreign = enrich(personas)
    alice, bob = personas.alice, personas.bob
    email = alice.email
    client = _signed_in(email)
    enrich_second_step(alice)

    response = client.post(reverse("datarights:export"), {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    tables, text = read_export(response.content)

    expected = rows_pointing_at(alice.pk)
    missing = _missing(expected, tables)
    total = sum(len(pks) for name, pks in expected.items() if name not in SECRET_TABLES)
    others = {**{k: v for k, v in personas.markers.items() if not k.startswith("alice.")}}
    others.update(foreign)
    foreign_seen = sorted(key for key, value in others.items() if value.lower() in text.lower())
    own = [v for k, v in personas.markers.items() if k.startswith("alice.")]
    assert all(value in text for value in own), "alice's own markers belong in her export"
    assert not missing, missing
    assert not foreign_seen, foreign_seen
    assert {"accounts_authenticatorapp", "accounts_recoverycode", "accounts_passkey"} <= set(tables)
    assert not [secret for secret in SECOND_STEP_SECRETS if secret in text]

    bob_before = rows_pointing_at(bob.pk)
    bob_notes = dict(GoalNote.objects.filter(owner=bob).values_list("public_id", "text"))
    deleted = client.post(reverse("datarights:delete"), {"password": PASSWORD, "confirm": "on"})
    assert deleted.status_code == 200
    residual = _residual_rows(alice.pk, email)
    everything = database_text().lower()
    left_markers = [v for v in own if v.lower() in everything]
    bob_after = rows_pointing_at(bob.pk)
    bob_lost = {name: pks - bob_after.get(name, set()) for name, pks in bob_before.items()}
    bob_markers = [v for k, v in {**personas.markers, **foreign}.items() if k.startswith("bob.")]

    rows = sum(len(found) for found in tables.values())
    done = 100 * (total - len(missing)) // max(total, 1)
    print(
        f"\nT17 export: {len(tables)} tables, {rows} rows, {done} % complete, "
        f"{len(foreign_seen)} foreign; erasure: {residual} residual rows"
    )
    assert residual == 0
    assert not left_markers, left_markers
    # His notes on her shared goals go with them, as after a leave and her later erasure; his
    # words stay his, in his kept words (the ex audit of 2026-12-05).
    notes_gone = {bob_notes[str(pk)] for pk in bob_lost.pop("together_goalnote", set())}
    kept = set(KeptWords.objects.filter(owner=bob).values_list("text", flat=True))
    assert notes_gone <= kept, notes_gone - kept
    assert not any(bob_lost.values()), f"the partner lost rows: {bob_lost}"
    bob_export = read_export(export_archive(bob))[1]
    assert all(value in bob_export for value in bob_markers), "the partner keeps their own"


def test_t03_no_export_holds_another_persons_marker(personas: Personas) -> None:
    """The marker crawl over exports: each person's download, searched for everyone else's."""
    seen, exports = [], 0
    for role, person in personas.by_role().items():
        name = str(person.email).split(".")[0]
        _tables, text = read_export(export_archive(person))
        exports += 1
        for key, value in personas.markers.items():
            if key.split(".")[0] != name and value.lower() in text.lower():
                seen.append(f"{key} in the export of {role}")
    print(f"\nT03 exports: {exports} exports, {len(seen)} markers of others seen")
    assert not seen, seen


def test_sign_in_records_follow_a_new_address_into_the_export_and_out_with_erasure(
    personas: Personas,
) -> None:
    """django-axes keeps sign-in records by the address typed. After she changes her address
    (herself, or through whoever runs the site) the records under the old one are hers still:
    in her export, and gone with her account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from interdepend.web.accounts.models import User
    from interdepend.web.accounts.services import (
        email_change_confirm,
        email_change_request,
        email_move_by_operator,
    )
    from interdepend.web.datarights.services import user_delete

    alice = personas.alice
    first = alice.email
    Client().post(reverse("accounts:login"), {"username": first, "password": "not it"})
    _signed_in(first)
    nonce = email_change_request(user=alice, new_email="alice.second@example.test")
    assert email_change_confirm(user=alice, nonce=nonce)
    alice = User.objects.get(pk=alice.pk)
    assert email_move_by_operator(user=alice, new_email="alice.third@example.test") is not None
    alice = User.objects.get(pk=alice.pk)
    tables, _text = read_export(export_archive(alice))
    assert len(tables.get("axes_accesslog", [])) == 1  # the sign-in under her first address
    user_delete(user=alice)
    for address in (first, "alice.second@example.test", "alice.third@example.test"):
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            assert not model.objects.filter(username__iexact=address).exists(), (model, address)


def test_a_mistyped_code_is_in_the_export_by_its_time_without_the_accounts_number(
    personas: Personas,
) -> None:
    """The data audit found ``user:5`` in the export's table of mistyped codes: the key those
    are counted under, her account's number, which never leaves the database (it also told how
    many accounts were made before hers)."""
    alice = personas.alice
    GuessAttempt.objects.create(key=f"user:{alice.pk}")
    tables, text = read_export(export_archive(alice))
    guesses = tables["partners_guessattempt"]
    assert len(guesses) == 1 and set(guesses[0]) == {"at"}
    assert f"user:{alice.pk}" not in text


def test_check_ins_and_ratings_are_in_the_export_in_the_words_she_saw(
    personas: Personas,
) -> None:
    """The data audit: the check-in table read ``own_time, supported, voice…`` with numbers,
    and a rating ``[6, 2]`` without its options. Both come beside their words as well."""
    from datetime import date

    from interdepend.web.decide import services as decide
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together import services as together

    alice = personas.alice
    together.checkin_save(
        owner=alice,
        week=date(2026, 11, 30),
        values={"own_time": 6, "heard": 2},
        need="",
        shared=False,
        partnership=None,
    )
    active = access_active_partnership(alice)
    assert active is not None
    decision = decide.decision_create(
        partnership=active.partnership,
        author=alice,
        title="Sunday",
        options=["A walk", "Stay in"],
        token="t",
    )
    decide.rating_save(decision=decision, user=alice, for_self=[6, 2], for_partner=[3, 5])
    tables, _text = read_export(export_archive(alice))
    answers = {
        row["statement"]: str(row["answer_1_to_7"])
        for row in tables["together_checkin_answers"]
        if row["week_of"] == "2026-11-30"
    }
    assert answers["I had time for myself"] == "6" and answers["I felt heard"] == "2"
    assert answers["I felt close"] in ("", "None")
    options = {
        row["option"]: (str(row["for_you_1_to_7"]), str(row["for_your_partner_1_to_7"]))
        for row in tables["decide_rating_options"]
        if row["title"] == "Sunday"
    }
    assert options == {"A walk": ("6", "3"), "Stay in": ("2", "5")}
