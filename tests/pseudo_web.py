"""The made-up language of :mod:`tests.pseudo` in force in Django, as a fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from pytest_django import Settings

from interdepend.core import content, daily, instrument
from interdepend.core import translation as content_translation
from tests.pseudo import PSEUDO, write_catalog, write_overlays


def clear_content_caches() -> None:
    instrument._CACHE.clear()
    content.load_prompts.cache_clear()
    content.load_practices.cache_clear()
    daily.load_questions.cache_clear()


@pytest.fixture
def pseudo(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The made-up language offered beside the real ones, its catalog and content overlays
    built for this test; yields its code."""
    write_catalog(tmp_path / "locale")
    write_overlays(tmp_path / "content")
    monkeypatch.setattr(content_translation, "EXTRA_FOLDERS", [tmp_path / "content"])
    settings.LOCALE_PATHS = [tmp_path / "locale", *django_settings.LOCALE_PATHS]
    settings.LANGUAGES = [*django_settings.LANGUAGES, (PSEUDO, "Pseudo")]
    clear_content_caches()
    cache.clear()
    yield PSEUDO
    clear_content_caches()
    cache.clear()
