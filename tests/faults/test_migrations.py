"""T23: migrations from each earlier schema keep every row.

The schema has never been released, so each migration node of each of our apps stands in for
a release. The earlier schemas tried: every app at its 0001; each app at each of its
intermediate nodes (everything else at the latest); and each app before its first migration
(an app added by a later release), everything that depends on what was taken away going back
with it. For each, the database is migrated back with Django's MigrationExecutor, one row with
recognisable values is put into every table of that schema through the historical models,
and the database is migrated forward to the latest. Every row must still be there with the
same values in every column that still exists.

The schemas are read from the migration graph, so a new migration or app is tried without an
edit here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps as live_apps
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

Node = tuple[str, str]
Target = tuple[str, str | None]


@dataclass(frozen=True)
class Schema:
    name: str
    removed: frozenset[Node]


def executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def our_apps() -> list[str]:
    return sorted(
        config.label
        for config in live_apps.get_app_configs()
        if config.name.startswith("interdepend.")
    )


def nodes_of(app: str) -> list[Node]:
    """An app's migrations in the order they apply."""
    graph = executor().loader.graph
    leaves = [n for n in graph.leaf_nodes() if n[0] == app]
    return [n for leaf in leaves for n in graph.forwards_plan(leaf) if n[0] == app]


def earlier_schemas() -> list[Schema]:
    """Every earlier schema worth trying, each once."""
    graph = executor().loader.graph

    def without(*starts: Node) -> frozenset[Node]:
        return frozenset(n for start in starts for n in graph.backwards_plan(start))

    found: dict[frozenset[Node], str] = {}
    chains = {app: nodes_of(app) for app in our_apps()}
    found.setdefault(
        without(*(chain[1] for chain in chains.values() if len(chain) > 1)), "every app at 0001"
    )
    for app, chain in chains.items():
        for before, after in zip(chain, chain[1:], strict=False):
            found.setdefault(without(after), f"{app} at {before[1]}")
    for app, chain in chains.items():
        if chain:
            found.setdefault(without(chain[0]), f"before {app}")
    return [Schema(name, removed) for removed, name in found.items() if removed]


def targets_for(removed: frozenset[Node]) -> list[Target]:
    """Where each app stands when ``removed`` is not applied (None: not at all)."""
    graph = executor().loader.graph
    targets: list[Target] = []
    for app in sorted({n[0] for n in graph.nodes}):
        kept = [n for n in nodes_of(app) if n not in removed]
        targets.append(kept[-1] if kept else (app, None))
    return targets


def migrate(targets: list[Target]) -> Apps:
    run = executor()
    run.migrate(targets)
    reloaded = executor()
    return reloaded.loader.project_state(
        [(app, name) for app, name in targets if name is not None]
    ).apps


def latest() -> list[Target]:
    return sorted(executor().loader.graph.leaf_nodes())


# Rows with recognisable values -----------------------------------------------------------


def in_dependency_order(state: Apps) -> list[type[models.Model]]:
    """Concrete models of a historical state, each after the models it points to."""
    pending = [m for m in state.get_models(include_auto_created=True) if m._meta.managed]
    done: list[type[models.Model]] = []
    while pending:
        ready = [m for m in pending if all(t in done for t in _points_to(m))]
        for model in ready or pending[:1]:  # in a cycle, one of them leaves a link empty
            pending.remove(model)
            done.append(model)
    return done


def _points_to(model: type[models.Model]) -> set[type[models.Model]]:
    return {
        f.related_model
        for f in model._meta.concrete_fields
        if isinstance(f.related_model, type) and f.related_model is not model
    }


def value_for(f: models.Field[object, object], tag: str, made: dict[type, models.Model]) -> object:
    """A value no default would give, that fits the column."""
    if f.is_relation:
        return made.get(f.related_model) if isinstance(f.related_model, type) else None
    if f.choices:
        return list(f.flatchoices)[-1][0]
    kind = f.get_internal_type()
    text = f"{tag}{f.name}"
    if kind in ("CharField", "SlugField", "TextField", "EmailField", "FilePathField", "FileField"):
        unique = uuid.uuid5(uuid.NAMESPACE_OID, text).hex[:8]
        return f"{unique}{text}"[: f.max_length or None]
    if kind == "BooleanField":
        return not f.has_default() or not f.get_default()
    if "Integer" in kind:
        return 7
    if kind == "FloatField":
        return 2.5
    if kind == "DecimalField":
        return Decimal("1.5")
    if kind == "DateField":
        return dt.date(2031, 2, 3)
    if kind == "DateTimeField":
        return dt.datetime(2031, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    if kind == "TimeField":
        return dt.time(4, 5, 6)
    if kind == "DurationField":
        return dt.timedelta(days=3, seconds=7)
    if kind == "UUIDField":
        return uuid.uuid5(uuid.NAMESPACE_OID, text)
    if kind == "JSONField":
        return {"t23": text, "list": [1, 2, 3]}
    if kind == "BinaryField":
        return text.encode()
    if kind == "GenericIPAddressField":
        return "192.0.2.7"
    raise AssertionError(f"T23 has no value for a {kind} ({f.model.__name__}.{f.name})")


Where = tuple[str, str, int | str]  # table, primary-key column, primary key


def insert_rows(state: Apps, tag: str) -> dict[tuple[str, str], Where]:
    """One row in every table of ``state``: (app, model) -> where it is."""
    made: dict[type, models.Model] = {}
    rows: dict[tuple[str, str], Where] = {}
    for model in in_dependency_order(state):
        meta = model._meta
        values = {
            f.name: value_for(f, f"{tag}{meta.model_name}", made)
            for f in meta.concrete_fields
            if not f.primary_key or not isinstance(f, models.AutoField)
        }
        row = model._default_manager.create(**values)
        made[model] = row
        rows[(meta.app_label, str(meta.model_name))] = (meta.db_table, meta.pk.column, row.pk)
    return rows


def read(table: str, pk_column: str, pk: int | str) -> dict[str, object] | None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {quote(table)} WHERE {quote(pk_column)} = %s", [pk])  # noqa: S608
        found = cursor.fetchone()
        return (
            None
            if found is None
            else dict(zip([c[0] for c in cursor.description], found, strict=True))
        )


def trip(schema: Schema, tag: str, counts: Counter[str]) -> Iterator[str]:
    """Migrate back to ``schema``, fill it, migrate forward; yield what was lost."""
    call_command("flush", interactive=False, verbosity=0)
    old = migrate(targets_for(schema.removed))
    rows = insert_rows(old, tag)
    before = {key: read(*where) for key, where in rows.items()}
    new = migrate(latest())
    counts["schemas"] += 1
    for (app, model), (_table, pk_column, pk) in rows.items():
        counts["rows"] += 1
        after = (
            read(new.get_model(app, model)._meta.db_table, pk_column, pk)
            if _exists(new, app, model)
            else None
        )
        if after is None:
            yield f"{schema.name}: the {app}.{model} row is gone"
            continue
        was = before[(app, model)] or {}
        changed = [c for c in was if c in after and after[c] != was[c]]
        counts["values"] += sum(1 for c in was if c in after)
        if changed:
            yield f"{schema.name}: {app}.{model} changed {changed}"


def _exists(state: Apps, app: str, model: str) -> bool:
    try:
        state.get_model(app, model)
    except LookupError:
        return False
    return True


def run_trips(schemas: list[Schema]) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    lost: list[str] = []
    try:
        for number, schema in enumerate(schemas):
            lost += trip(schema, f"T23s{number}", counts)
    finally:
        migrate(latest())
    print(
        f"\nT23 migrations: {counts['schemas']} schema states, {counts['rows']} rows "
        f"({counts['values']} values), {len(lost)} lost: {[s.name for s in schemas]}"
    )
    return counts, lost


@pytest.mark.django_db(transaction=True)
def test_rows_put_in_with_every_app_at_0001_survive_the_migrations() -> None:
    """Default lane: the oldest schema (each app at its first migration)."""
    schemas = earlier_schemas()[:1]
    counts, lost = run_trips(schemas)
    assert not lost, "\n".join(lost)
    assert counts["rows"] > 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_rows_put_in_with_every_earlier_schema_survive_the_migrations() -> None:
    """Slow lane: every earlier schema the migration graph allows."""
    counts, lost = run_trips(earlier_schemas())
    assert not lost, "\n".join(lost)
