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


#: Dates and times in figures only. Without formats of its own the made-up language took
#: Django's defaults, whose time of day is written "noon" or "midnight" on the hour (English
#: words of Django's, not ours): a walk at 12:00 found them on the devices page.
PSEUDO_FORMATS = """
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
TIME_FORMAT = "H:i"
"""


def write_formats(package: Path) -> None:
    """``package.<made-up language>.formats``, for ``FORMAT_MODULE_PATH``."""
    (package / PSEUDO).mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / PSEUDO / "__init__.py").write_text("")
    (package / PSEUDO / "formats.py").write_text(PSEUDO_FORMATS)


@pytest.fixture
def pseudo(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The made-up language offered beside the real ones, its catalog and content overlays
    built for this test; yields its code."""
    write_catalog(tmp_path / "locale")
    write_overlays(tmp_path / "content")
    monkeypatch.setattr(content_translation, "EXTRA_FOLDERS", [tmp_path / "content"])
    write_formats(tmp_path / "pseudoformats")
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.FORMAT_MODULE_PATH = ["pseudoformats", *django_settings.FORMAT_MODULE_PATH]
    settings.LOCALE_PATHS = [tmp_path / "locale", *django_settings.LOCALE_PATHS]
    settings.LANGUAGES = [*django_settings.LANGUAGES, (PSEUDO, "Pseudo")]
    clear_content_caches()
    cache.clear()
    yield PSEUDO
    clear_content_caches()
    cache.clear()
