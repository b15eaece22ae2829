"""A download says in words what the app keeps as codes, and gives every time in her own zone
(the data-rights audit of 2026-12-05).

Her account's look and quick-exit keys, the notifications sent to her and the browsers' looks
were codes only ("esc-shift", "neutral", "waiting"), which nobody reads without the app's
source; the pages name them in words, and now so does the download, in her language, in the
JSON file and the CSV alike. And the CSV files give every time in her own zone, as the README
says: the moment her address changed (``accounts_earlieraddress.until``) was the one left in
UTC, to the millionth of a second.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone, translation

from interdepend.web.accounts.models import (
    EarlierAddress,
    PushKind,
    PushSent,
    QuickExitKeys,
    User,
)
from interdepend.web.datarights.services import _is_moment_column, export_archive, export_tables
from interdepend.web.together.models import Bid
from tests.conftest import Personas
from tests.security.datarights_support import enrich, read_export

pytestmark = pytest.mark.django_db

#: The end of the column a code's words are in, right after the code's own column.
WORDS = "_words"


def _csv(archive: bytes, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        text = opened.read(f"csv/{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _her_choices(alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(
        home_screen_look="neutral", quick_exit_keys=QuickExitKeys.ESC
    )
    PushSent.objects.create(user=alice, kind=PushKind.WAITING, day=timezone.localdate())


def test_her_download_names_her_choices_in_words_in_the_json_and_the_csv_alike(
    personas: Personas,
) -> None:
    alice = personas.alice
    _her_choices(alice)
    archive = export_archive(alice)
    tables, text = read_export(archive)
    assert "the column after it has the same name ending in _words" in " ".join(text.split())
    (account,) = tables["accounts_user"]
    assert account["home_screen_look"] == "neutral"
    assert account["home_screen_look_words"] == "Notes, with a plain page"
    assert account["quick_exit_keys_words"] == "Esc only"
    (sent,) = tables["accounts_pushsent"]
    assert sent["kind_words"] == "Something waiting for you"
    (row,) = _csv(archive, "accounts_user")
    assert row["home_screen_look_words"] == "Notes, with a plain page"
    assert row["quick_exit_keys_words"] == "Esc only"
    header = list(row)
    assert header.index("quick_exit_keys_words") == header.index("quick_exit_keys") + 1
    (row,) = _csv(archive, "accounts_pushsent")
    assert row["kind_words"] == "Something waiting for you"


def test_the_words_are_in_her_language(personas: Personas) -> None:
    alice = personas.alice
    _her_choices(alice)
    with translation.override("es"):
        tables, _text = read_export(export_archive(alice))
    (account,) = tables["accounts_user"]
    assert account["home_screen_look_words"] == "Notas, con una página en blanco"
    assert account["quick_exit_keys_words"] == "Solo Esc"
    (sent,) = tables["accounts_pushsent"]
    assert sent["kind_words"] == "Algo que te espera"


def test_every_choice_named_in_words_has_them_beside_its_code_in_every_table(
    personas: Personas,
) -> None:
    from interdepend.web.frame.exportrows import choice_words

    enrich(personas)
    tables = export_tables(personas.alice)
    by_table = {model._meta.db_table: model for model in apps.get_models()}
    checked = 0
    for name, found in tables.items():
        model = by_table.get(name)
        if model is None:
            continue
        held = list(getattr(found, "columns", ()))
        for column in choice_words(model):
            if column not in held:
                continue  # left out of the download (a code that would tell another's step)
            checked += 1
            assert column + WORDS in held, (name, column)
            for row in found:
                assert (row[column + WORDS] == "") == (row[column] in ("", None)), (name, row)
    print(f"\nchoices named in words, in alice's download: {checked} columns, all with words")
    assert checked >= 4


def test_a_code_the_download_leaves_empty_leaves_its_words_empty(personas: Personas) -> None:
    """The bid she sent in a partnership that has ended shows no answer (what her former
    partner did, docs/data-rights.md): its words must not give that answer back."""
    alice, dave = personas.alice, personas.dave
    from interdepend.web.partners.models import Partnership
    from interdepend.web.together import services as together

    old = Partnership.objects.filter(members__user=dave).get()
    ended = old.ended_at
    Partnership.objects.filter(pk=old.pk).update(ended_at=None)
    bid = together.bid_send(owner=alice, partnership=old, text="Call me?", idem_key="")
    together.bid_answer(bid=bid, answer="yes_now", when="tonight")
    Partnership.objects.filter(pk=old.pk).update(ended_at=ended)
    assert Bid.objects.get(pk=bid.pk).answer == "yes_now"
    (row,) = [r for r in export_tables(alice)["together_bid"] if r["id"] == bid.public_id]
    assert row["answer"] == ""
    assert row["answer_words"] == ""


def test_every_moment_the_database_keeps_is_written_in_her_zone_in_the_csv() -> None:
    moments = [
        (model._meta.db_table, field.attname)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
    ]
    left = [found for found in moments if not _is_moment_column(found[1])]
    print(f"\nmoments kept by the database: {len(moments)}; left in UTC in the CSV: {len(left)}")
    assert not left


def test_the_moment_her_address_changed_is_in_her_zone(personas: Personas) -> None:
    alice = personas.alice
    moved = datetime.datetime(2026, 12, 5, 8, 30, 15, 123456, tzinfo=datetime.UTC)
    EarlierAddress.objects.create(user=alice, digest="d" * 64, until=moved)
    with timezone.override("Europe/Madrid"):
        archive = export_archive(alice)
    (row,) = _csv(archive, "accounts_earlieraddress")
    assert row["until"] == "2026-12-05 09:30:15"
    tables, _text = read_export(archive)
    (kept,) = tables["accounts_earlieraddress"]
    assert kept["until"] == moved.isoformat()


def test_her_answers_to_his_bids_are_in_words_of_her_language(personas: Personas) -> None:
    """The table of her answers to her partner's bids gave its words in English in a Spanish
    download ("yes, now"), whatever her language (left open from stop 57 to 59)."""
    from interdepend.web.partners.access import access_active_partnership
    from interdepend.web.together import services as together

    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(bob)
    assert active is not None
    for answer in ("yes_now", "later", "not_now"):
        bid = together.bid_send(
            owner=bob, partnership=active.partnership, text="Walk?", idem_key=""
        )
        together.bid_answer(bid=bid, answer=answer, when="")
    with translation.override("es"):
        spanish, _text = read_export(export_archive(alice))
    with translation.override("en"):
        english, _text = read_export(export_archive(alice))
    said = {row["answer"]: row["answer_words"] for row in spanish["together_bid_answer"]}
    assert said == {"yes_now": "sí, ahora", "later": "más tarde", "not_now": "ahora no"}
    said = {row["answer"]: row["answer_words"] for row in english["together_bid_answer"]}
    assert said == {"yes_now": "yes, now", "later": "later", "not_now": "not now"}
