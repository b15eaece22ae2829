"""Objects made of hand-written reads' rows are the ORM's (``frame.rawsql.made``).

The couple page makes its takes, her latest take and the couple's perceptions of raw rows, the
result page its take and the take before it (the twenty-seventh pass), and
every page her partnership and partner, with their loaded state and columns set at once, where
``Model.from_db`` walked every field through ``Model.__init__`` (issue 15's twenty-fourth pass,
the partnership's in the twenty-fifth). Here the two are held equal over any values of the
columns the reads load: the same class, the same attributes in the same order with the same
values, the same state, the same deferred fields, equal and of the same hash; and while a
receiver listens for a model being made, the ORM's own way is taken.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.signals import post_init, pre_init
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.web.accounts.models import User
from interdepend.web.assessment import access as result_access
from interdepend.web.assessment.models import Attempt
from interdepend.web.couple import selectors
from interdepend.web.couple.models import Perception
from interdepend.web.frame.rawsql import converted, made
from interdepend.web.frame.sqlite3 import kept_rows
from interdepend.web.partners import access
from interdepend.web.partners.models import Partnership
from interdepend.web.together import access as together_access
from interdepend.web.together.models import Bid
from tests.conftest import Personas

#: What a JSON column may hold: any value of JSON, odd words among the keys.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)
_MOMENT = st.datetimes(timezones=st.just(dt.UTC)) | st.none()
_PK = st.integers(min_value=1, max_value=2**62)
_WORD = st.text(max_size=12)

#: Each read's columns (in the model's order) and a value of each, as the page makes them.
_READS: dict[str, tuple[type[Model], list[str], st.SearchStrategy[list[Any]]]] = {
    "take": (
        Attempt,
        selectors._TAKE_COLUMNS,
        st.tuples(
            _PK,
            st.uuids(),
            _PK,
            _WORD,
            _WORD,
            _WORD,
            _WORD,
            _MOMENT,
            _JSON,
            st.booleans(),
            st.booleans(),
        ).map(list),
    ),
    "latest": (
        Attempt,
        selectors._LATEST_COLUMNS,
        st.tuples(_PK, _MOMENT, st.booleans()).map(list),
    ),
    "perception": (
        Perception,
        selectors._PERCEPTION_COLUMNS,
        st.tuples(_PK, _PK, _PK, _JSON).map(list),
    ),
    "partnership": (
        Partnership,
        access._PARTNERSHIP_NAMES,
        st.tuples(_PK, _MOMENT, _MOMENT).map(list),
    ),
    "partner": (User, access._USER_NAMES, st.tuples(_PK, _WORD).map(list)),
    # The result page's take, every column, and the take before it, the columns it compares
    # (``assessment.access.access_own_result``).
    "result take": (
        Attempt,
        result_access._ATTEMPT_NAMES,
        st.tuples(
            _PK,
            _WORD,
            _PK,
            _WORD,
            _WORD,
            _WORD,
            _WORD,
            _MOMENT,
            _MOMENT,
            _MOMENT,
            _JSON,
            _JSON,
            _JSON,
            _JSON,
            st.booleans(),
            st.booleans(),
            _JSON,
        ).map(list),
    ),
    "take before": (
        Attempt,
        result_access._PREVIOUS_NAMES,
        st.tuples(_PK, _WORD, _WORD, _MOMENT, _JSON).map(list),
    ),
    # The bid an answer answers, every column (``together.access.bid_to_answer``).
    "bid": (
        Bid,
        together_access._BID_NAMES,
        st.tuples(
            _PK, _WORD, _PK, _PK | st.none(), _MOMENT, _WORD, _WORD, _WORD, _WORD, _MOMENT
        ).map(list),
    ),
}


def test_the_reads_name_their_columns_in_the_model_s_order() -> None:
    assert len(selectors._TAKE_COLUMNS) == 11
    assert access._PARTNERSHIP_NAMES == ["id", "started_at", "ended_at"]
    assert access._USER_NAMES == ["id", "display_name"]
    assert [f.attname for f in Attempt._meta.concrete_fields] == result_access._ATTEMPT_NAMES
    assert result_access._PREVIOUS_NAMES == [
        "id",
        "instrument_id",
        "instrument_version",
        "completed_at",
        "answers",
    ]
    assert [f.attname for f in Bid._meta.concrete_fields] == together_access._BID_NAMES
    for model, names, _values in _READS.values():
        order = [field.attname for field in model._meta.concrete_fields]
        assert names == [name for name in order if name in names]


def assert_same_object(made: Model, orm: Model, *, identical: bool = True) -> None:
    """The two the same; each value the very same object (``identical``), or, for values
    converted twice, equal and of the same type."""
    assert type(made) is type(orm)
    mine, theirs = vars(made), vars(orm)
    assert list(mine) == list(theirs)
    for name, value in theirs.items():
        if name != "_state" and identical:
            assert mine[name] is value
        elif name != "_state":
            assert (type(mine[name]), mine[name]) == (type(value), value)
    # The cache of related objects: the ORM's is made as ``__init__`` sets a foreign key's
    # column, ours on first use, as ``ModelState`` makes it; both empty.
    assert made._state.fields_cache == orm._state.fields_cache == {}
    assert vars(made._state) == vars(orm._state)
    assert (made._state.adding, made._state.db) == (False, DEFAULT_DB_ALIAS)
    assert made.get_deferred_fields() == orm.get_deferred_fields()
    assert made == orm and hash(made) == hash(orm)
    assert made.pk == orm.pk


@pytest.mark.parametrize("read", sorted(_READS))
@hypothesis_settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_an_object_made_of_a_row_is_the_orm_s(read: str, data: st.DataObject) -> None:
    model, names, values = _READS[read]
    row = data.draw(values)
    assert_same_object(made(model, names, row), model.from_db(DEFAULT_DB_ALIAS, names, row))


@pytest.mark.parametrize("signal", [pre_init, post_init])
def test_the_orm_makes_it_while_a_receiver_listens(signal: Any) -> None:
    """A receiver of ``pre_init`` or ``post_init`` hears the object made, as the ORM sends it."""
    heard: list[object] = []

    def receiver(sender: object, **kwargs: object) -> None:
        heard.append(sender)

    signal.connect(receiver, sender=Attempt, weak=False)
    try:
        row = [7, uuid.uuid4(), 3, "i", "2", "en", "", None, {"a": 1}, False, True]
        made_here = made(Attempt, selectors._TAKE_COLUMNS, row)
    finally:
        signal.disconnect(receiver, sender=Attempt)
    assert heard == [Attempt]
    assert_same_object(made_here, Attempt.from_db(DEFAULT_DB_ALIAS, selectors._TAKE_COLUMNS, row))
    assert not pre_init.receivers and not post_init.receivers


@pytest.mark.django_db
def test_her_partnership_and_partner_are_the_objects_the_orm_makes_of_the_row(
    personas: Personas,
) -> None:
    """``partners.access.access_active_partnership``: the partnership and the partner made of
    its row are ``Model.from_db``'s of the same converted values, for each of the couple."""
    for person in (personas.alice, personas.bob):
        row = kept_rows(connections[DEFAULT_DB_ALIAS], access._active_statement(), [person.pk])
        values = converted(row[0], access.ACTIVE_FIELDS)
        active = access.access_active_partnership(person)
        assert active is not None
        cut = len(access._PARTNERSHIP_NAMES)
        orm = Partnership.from_db(DEFAULT_DB_ALIAS, access._PARTNERSHIP_NAMES, values[:cut])
        assert_same_object(active.partnership, orm, identical=False)
        partner = User.from_db(DEFAULT_DB_ALIAS, access._USER_NAMES, values[cut:])
        assert_same_object(active.partner, partner, identical=False)
        assert active.partner.get_deferred_fields() == {
            f.attname for f in User._meta.concrete_fields if f.attname not in access.PARTNER_READ
        }
    assert access.access_active_partnership(personas.carol) is None
