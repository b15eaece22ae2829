"""Every table of the database has a place in a person's download, or a reason written down
for leaving it out (the data-rights audit of 2026-12-05: six tables were in neither, among them
the counts of messages sent to an address and a sign-up waiting for its link)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from interdepend.web.datarights.providers import LEFT_OUT_TABLES
from interdepend.web.datarights.services import export_tables
from tests.conftest import Personas
from tests.security.datarights_support import enrich, enrich_second_step

pytestmark = pytest.mark.django_db


def test_every_table_is_in_the_download_or_left_out_for_a_reason_written_down(
    personas: Personas,
) -> None:
    enrich(personas)
    enrich_second_step(personas.alice)
    held = set(export_tables(personas.alice))
    models = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        raw = set(connection.introspection.table_names(cursor))
    everything = (models | raw) - {"django_migrations"}  # the schema's own history
    neither = sorted(everything - held - set(LEFT_OUT_TABLES))
    both = sorted(held & set(LEFT_OUT_TABLES))
    print(
        f"\ntables: {len(everything)}; in the download: {len(everything & held)}; left out "
        f"with a reason: {len(everything & set(LEFT_OUT_TABLES))}; in neither: {len(neither)}"
    )
    assert not neither, neither
    assert not both, both
    assert all(reason.strip() for reason in LEFT_OUT_TABLES.values())
    assert set(LEFT_OUT_TABLES) <= everything, set(LEFT_OUT_TABLES) - everything
