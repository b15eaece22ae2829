"""T11: every practitioner (and operator) read writes one content-free, hash-chained row per
person read, and ``interdepend verify-access-log`` catches every kind of tampering."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.urls import reverse

from interdepend.cli import main
from interdepend.web.practice.accesslog import OPERATOR_LABEL, entry_digest
from interdepend.web.practice.models import AccessKind, AccessLogEntry, AppendOnly
from tests.conftest import Personas, marker
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

TABLE = AccessLogEntry._meta.db_table
FIELDS = {
    "id",
    "subject",
    "reader",
    "reader_label",
    "reader_key",  # a digest of the reader's account number and the moment it was made
    "kind",
    "at",
    "seq",
    "prev_hash",
    "entry_hash",
}


def share_a_journal_entry(personas: Personas) -> str:
    """alice shares one more entry with pat, by name; its text is a marker."""
    from interdepend.web.journal import services
    from interdepend.web.practice.models import ClientLink

    text = marker("alice", "journalforpractitioner")
    entry = services.entry_create(
        owner=personas.alice,
        body=f"For my therapist: {text}",
        prompt_key="",
        idem_key="t11-shared",
    )
    link = ClientLink.objects.get(public_id=personas.practice.ids["alice_link"])
    services.entry_share_with_practitioner(entry=entry, link=link)
    return text


def practitioner_reads(personas: Personas) -> list[tuple[str, str, int]]:
    """(url name, link, people read) for each request pat makes; denied ones read nobody."""
    ids = personas.practice.ids
    alice, bob = ids["alice_link"], ids["bob_link"]
    return [
        ("client", alice, 2),  # alice's results and the entries she shared with pat: two kinds
        ("client_map", alice, 1),
        ("client_trends", bob, 1),
        ("couple_map", alice, 2),
        ("couple_report", bob, 2),
        ("client_trends_numbers", bob, 1),  # the chart's numbers: read and logged as the chart
        ("couple_numbers", alice, 2),  # the couple map's scores: as the map
        ("client", bob, 0),  # bob shares trends (a chart of its own) and nothing on the page
        ("client_map", bob, 0),  # not consented: 404, nothing read, nothing logged
        ("client_trends", alice, 0),
        ("client_trends_numbers", alice, 0),
    ]


def test_every_read_is_one_row_and_rows_hold_no_content(
    personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = share_a_journal_entry(personas)
    reader = as_user(personas.practice.pat)
    expected = 0
    for name, link_id, people in practitioner_reads(personas):
        response = reader.get(reverse(f"practice:{name}", args=[link_id]))
        assert response.status_code == (200 if people or name == "client" else 404), name
        expected += people
    quinn = as_user(personas.practice.quinn)
    quinn.get(reverse("practice:client", args=[personas.practice.ids["quinn_link"]]))
    expected += 0  # quinn reads no entry: none is shared with quinn by name, no journal consent
    email = personas.alice.email
    assert main(["report", "--email", email, "--pdf", str(tmp_path / "a.pdf")]) == 0
    expected += 1  # the operator's read of alice
    rows = list(AccessLogEntry.objects.all())
    assert len(rows) == expected
    kinds = Counter((r.subject_id, r.kind) for r in rows)
    alice, bob = personas.alice.pk, personas.bob.pk
    assert kinds == {
        (alice, "results"): 2,
        (alice, "journal"): 1,
        (bob, "trends"): 2,
        (alice, "couple"): 2,
        (bob, "couple"): 2,
        (alice, "report"): 2,
        (bob, "report"): 1,
    }
    assert {f.name for f in AccessLogEntry._meta.get_fields()} == FIELDS
    number = personas.practice.pat.practitioner.number
    labels = {f"Pat (therapist, Pat Practice, {number})", OPERATOR_LABEL}
    forbidden = [*personas.markers.values(), secret, "For my therapist"]
    for row in rows:
        assert row.kind in AccessKind.values and row.reader_label in labels
        text = " ".join(str(getattr(row, f.attname)) for f in AccessLogEntry._meta.concrete_fields)
        assert not [m for m in forbidden if m in text], row
    assert main(["verify-access-log"]) == 0
    out = capsys.readouterr().out
    assert f"verified 2 chains, {expected} rows; 0 broken" in out
    print(f"\nT11 reads: {expected} person-reads → {len(rows)} log rows, 0 with content")


def _sql(statement: str, *params: int | str | datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params)


def _row(subject: int, seq: int) -> AccessLogEntry:
    return AccessLogEntry.objects.get(subject_id=subject, seq=seq)


def test_a_read_moved_to_another_account_is_seen(personas: Personas) -> None:
    """ "Who has looked at your data" names the reader by the row's link to the account, which
    the chain did not cover: moving a read to another account changed the page and the
    verifier said nothing (the data-rights audit of 2026-12-03)."""
    from interdepend.web.practice.accesslog import record_reads, verify_all
    from interdepend.web.practice.models import AccessKind

    with transaction.atomic():
        record_reads(subjects=[personas.alice], reader=personas.bob, kind=AccessKind.RESULTS)
    row = AccessLogEntry.objects.filter(subject=personas.alice).order_by("-seq").first()
    assert row is not None and row.reader_key
    assert not verify_all().broken
    _sql("UPDATE {table} SET reader_id = %s WHERE id = %s", personas.carol.pk, row.pk)
    (broken,) = verify_all().broken
    assert broken.problem == f"row {row.seq} names another reader than the one who read"
    _sql("UPDATE {table} SET reader_id = NULL WHERE id = %s", row.pk)  # as after his erasure
    assert not verify_all().broken


def _forge_in_middle(subject: int) -> None:
    """Insert a well-formed row after row 1, moving the later rows up one place."""
    first = _row(subject, 1)
    later = AccessLogEntry.objects.filter(subject_id=subject, seq__gte=2)
    for seq in sorted(later.values_list("seq", flat=True), reverse=True):
        _sql(
            "UPDATE {table} SET seq = %s WHERE subject_id = %s AND seq = %s", seq + 1, subject, seq
        )
    digest = entry_digest(
        prev_hash=first.entry_hash,
        subject_id=subject,
        seq=2,
        label="Nobody",
        kind="results",
        at=first.at,
    )
    _sql(
        "INSERT INTO {table} (subject_id, reader_id, reader_label, kind, at, seq, prev_hash, "
        "entry_hash) VALUES (%s, NULL, 'Nobody', 'results', %s, 2, %s, %s)",
        subject,
        first.at,
        first.entry_hash,
        digest,
    )


def _forge_at_end(subject: int) -> None:
    last = AccessLogEntry.objects.filter(subject_id=subject).order_by("-seq").first()
    assert last is not None
    _sql(
        "INSERT INTO {table} (subject_id, reader_id, reader_label, kind, at, seq, prev_hash, "
        "entry_hash) VALUES (%s, NULL, 'Pat', 'results', %s, %s, %s, %s)",
        subject,
        last.at,
        last.seq + 1,
        last.entry_hash,
        "f" * 64,
    )


def _swap(subject: int) -> None:
    _sql("UPDATE {table} SET seq = 999 WHERE subject_id = %s AND seq = 1", subject)
    _sql("UPDATE {table} SET seq = 1 WHERE subject_id = %s AND seq = 2", subject)
    _sql("UPDATE {table} SET seq = 2 WHERE subject_id = %s AND seq = 999", subject)


def _rehash_edit(subject: int) -> None:
    """Change row 2's kind and give it the hash that matches: row 3 no longer follows it."""
    row = _row(subject, 2)
    kind = "trends" if row.kind != "trends" else "journal"
    digest = entry_digest(
        prev_hash=row.prev_hash,
        subject_id=subject,
        seq=2,
        label=row.reader_label,
        kind=kind,
        at=row.at,
    )
    _sql(
        "UPDATE {table} SET kind = %s, entry_hash = %s WHERE subject_id = %s AND seq = 2",
        kind,
        digest,
        subject,
    )


def _move(source: int, target: int) -> None:
    last = AccessLogEntry.objects.filter(subject_id=target).order_by("-seq").first()
    assert last is not None
    _sql(
        "UPDATE {table} SET subject_id = %s, seq = %s, prev_hash = %s "
        "WHERE subject_id = %s AND seq = 2",
        target,
        last.seq + 1,
        last.entry_hash,
        source,
    )


def tamperings(alice: int, bob: int) -> dict[str, Callable[[], None]]:
    where = "WHERE subject_id = %s AND seq = 2"

    def update(change: str, *values: int | str) -> Callable[[], None]:
        return lambda: _sql(f"UPDATE {{table}} SET {change} {where}", *values, alice)

    return {
        "edit the kind": update("kind = 'trends'"),
        "edit the reader": update("reader_label = 'Someone'"),
        "edit the time": update("at = %s", "2020-01-01 00:00:00"),
        "edit the hash too": update("kind = 'trends', entry_hash = %s", "0" * 64),
        "edit and recompute its hash": lambda: _rehash_edit(alice),
        "delete a middle row": lambda: _sql(f"DELETE FROM {{table}} {where}", alice),
        "delete the first row": lambda: _sql(
            "DELETE FROM {table} WHERE subject_id = %s AND seq = 1", alice
        ),
        "reorder two rows": lambda: _swap(alice),
        "forge a row in the middle": lambda: _forge_in_middle(alice),
        "forge a row at the end": lambda: _forge_at_end(bob),
        "move a row to another person": lambda: _move(alice, bob),
    }


def test_tampering_is_detected(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    reader = as_user(personas.practice.pat)
    for _ in range(2):
        for name, link_id, _people in practitioner_reads(personas)[:5]:
            reader.get(reverse(f"practice:{name}", args=[link_id]))
    assert main(["verify-access-log"]) == 0
    capsys.readouterr()
    cases = tamperings(personas.alice.pk, personas.bob.pk)
    detected = []
    for name, tamper in cases.items():
        with transaction.atomic():
            tamper()
            if main(["verify-access-log"]) == 1 and "BROKEN" in capsys.readouterr().out:
                detected.append(name)
            transaction.set_rollback(True)
    assert main(["verify-access-log"]) == 0
    rows = AccessLogEntry.objects.count()
    missed = sorted(set(cases) - set(detected))
    print(
        f"\nT11 access log: {rows} practitioner reads → {rows} log rows, content-free, "
        f"tamper detected in {len(detected)} of {len(cases)} cases"
    )
    assert not missed, missed


def test_the_log_has_no_update_or_delete_path(personas: Personas) -> None:
    reader = as_user(personas.practice.pat)
    reader.get(reverse("practice:client_map", args=[personas.practice.ids["alice_link"]]))
    entry = AccessLogEntry.objects.get()
    entry.kind = "trends"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.filter(pk=entry.pk).update(kind="trends")
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().kind == "results"


def test_a_read_that_cannot_be_logged_is_not_served(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdepend.web.practice import views

    def broken(**kwargs: object) -> int:
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(views, "record_reads", broken)
    reader = as_user(personas.practice.pat, raise_request_exception=False)
    response = reader.get(
        reverse("practice:client_map", args=[personas.practice.ids["alice_link"]])
    )
    assert response.status_code == 500 and b"<svg" not in response.content
