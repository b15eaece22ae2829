"""Turn database rows into plain JSON-ready dictionaries for a person's export.

Every ``personal.export`` builds its tables with :func:`rows`, so each table is named by its
database table and each row carries its columns under their database names. Integer keys stay
inside the database: see :func:`columns`.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from interdepend.core.instrument import Instrument

Row = dict[str, object]


class Table(list[Row]):
    """A table's rows and the columns they have, so that a table with no rows still names
    them: its CSV has the same header whether it is empty or not (the ex audit of 2026-12-03:
    emptied tables were files with no header, or named columns the download leaves out)."""

    def __init__(
        self, found: Iterable[Row] = (), columns: Iterable[str] = (), worded: Iterable[str] = ()
    ) -> None:
        super().__init__(found)
        self.columns = tuple(columns)
        #: Columns of codes whose words the table already holds in a column of its own.
        self.worded = tuple(worded)


Tables = dict[str, list[Row]]


def json_value(value: object) -> object:
    """A value JSON can hold: dates as ISO 8601 text, decimals and ids as text."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def day_of(value: object) -> object:
    """A moment that records what the partner did, as its day (ISO 8601, in the zone the
    download is made in), as the pages show it: a download gave his answers' and edits' times
    to the microsecond, a record of when she was on the app that no page gives (the partner
    audit of 2026-12-04, M1). A moment already written as text is read back first; anything
    else (an empty answer's None) is left as it is."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        moment = value if timezone.is_aware(value) else timezone.make_aware(value)
        return timezone.localdate(moment).isoformat()
    return value


def days_of(row: Row, *names: str) -> Row:
    """``row`` with each named moment as its day (:func:`day_of`)."""
    return {**row, **{name: day_of(row[name]) for name in names if name in row}}


def table(model: type[models.Model]) -> str:
    return model._meta.db_table


def has_public_id(model: type[models.Model] | None) -> bool:
    return model is not None and any(f.name == "public_id" for f in model._meta.concrete_fields)


def columns(model: type[models.Model], exclude: Iterable[str] = ()) -> dict[str, str]:
    """Exported column name → the path ``values()`` reads it from.

    No integer key leaves the database (design rule 16): a row is named by its opaque
    ``public_id`` under ``id`` (or not at all if its kind has none), and a link to another row
    by that row's ``public_id`` (or left out if that kind has none, as links to accounts are).
    """
    skip = set(exclude) | {"public_id"}
    found: dict[str, str] = {}
    for f in model._meta.concrete_fields:
        if f.name in skip or f.attname in skip:
            continue
        if isinstance(f, models.AutoField):
            if has_public_id(model):
                found["id"] = "public_id"
        elif f.is_relation:
            if has_public_id(f.related_model):  # type: ignore[arg-type]
                found[f.attname] = f"{f.name}__public_id"
        else:
            found[f.attname] = f.attname
    return found


#: The end of the column a choice's words go in, right after the column of its code.
WORDS = "_words"


def choice_words(model: type[models.Model]) -> dict[str, dict[object, str]]:
    """Column → its codes' words, for each column of ``model`` that holds one of a few fixed
    choices named in words of their own, in the language the download is made in: "esc-shift"
    is "Esc, or Shift pressed three times", "neutral" is "Notes, with a plain page". Choices
    whose words are their codes ("open", "kept") add nothing, and the README explains them."""
    found: dict[str, dict[object, str]] = {}
    for f in model._meta.concrete_fields:
        if not f.choices or f.is_relation:
            continue
        words = {value: str(label) for value, label in f.flatchoices}
        if any(str(value) != label for value, label in words.items()):
            found[f.attname] = words
    return found


def with_choice_words(found: list[Row], model: type[models.Model]) -> Table:
    """The table with each fixed choice's words beside its code, read from the value the row
    holds in the end: a provider that left a code out (a state that would tell what someone
    else did) leaves its words empty too. A download gave the codes alone (the data-rights
    audit of 2026-12-05: her account's look and quick-exit keys, the notifications sent, a
    practitioner's scopes), which nobody reads without the app's source at hand."""
    words = choice_words(model)
    worded = getattr(found, "worded", ())
    names = list(getattr(found, "columns", ()))
    for row in found:
        names.extend(name for name in row if name not in names)
    words = {
        name: found_words
        for name, found_words in words.items()
        if name in names and name + WORDS not in names and name not in worded
    }
    out = Table(columns=[c for name in names for c in _with_words(name, words)])
    for row in found:
        filled: Row = {}
        for name, value in row.items():
            filled[name] = value
            if name in words:
                filled[name + WORDS] = words[name].get(value, "") if value is not None else ""
        out.append(filled)
    return out


def _with_words(name: str, words: dict[str, dict[object, str]]) -> list[str]:
    return [name, name + WORDS] if name in words else [name]


def rows(queryset: models.QuerySet[Any], *, exclude: Iterable[str] = ()) -> Table:
    """Every row of the queryset, oldest first, without the excluded columns."""
    names = columns(queryset.model, exclude)
    found = queryset.order_by("pk").values(*names.values())
    return Table(
        ({name: json_value(row[path]) for name, path in names.items()} for row in found), names
    )


def tables_of(*querysets: models.QuerySet[Any], exclude: Iterable[str] = ()) -> Tables:
    """One table per queryset, named after its database table."""
    return {table(qs.model): rows(qs, exclude=exclude) for qs in querysets}


#: The columns :func:`answer_rows` writes after its keys.
ANSWER_COLUMNS = ("questionnaire", "item", "statement", "answer", "answer_words")


def answer_rows(instrument: Instrument, answers: dict[str, int], **keys: object) -> list[Row]:
    """Each answer beside the statement it answered and its meaning in words, after ``keys``
    (which say whose take it was), so a person reads their export without a code book."""
    labels = {a.value: a.label for a in instrument.response_scale.anchors}
    texts = {item.id: item.text for item in instrument.items}
    return [
        {
            **keys,
            "questionnaire": instrument.title,
            "item": item_id,
            "statement": texts.get(item_id, ""),
            "answer": value,
            "answer_words": labels.get(value, ""),
        }
        for item_id, value in sorted(answers.items())
    ]
