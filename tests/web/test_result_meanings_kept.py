"""What each scale means, on the result page, kept per version of the inventory and language
(``resultparts._MEANINGS``, made as a worker starts; issue 15's twenty-seventh pass): the
same block as written afresh, for every version in every language, and written afresh for
any other instrument."""

from __future__ import annotations

import dataclasses

import pytest
from django.conf import settings
from django.utils import translation

from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory
from interdepend.web.assessment.templatetags import resultparts
from interdepend.web.frame.warmup import warm_worker


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("version", INVENTORY_IDS)
def test_the_kept_meanings_are_the_block_written_afresh(language: str, version: str) -> None:
    warm_worker()
    instrument = inventory(version, language)
    kept = resultparts._MEANINGS[id(instrument), language]
    assert kept[0] is instrument
    afresh = resultparts._scale_meanings(instrument, language)
    assert resultparts.scale_meanings(instrument, language) is kept[1]
    assert kept[1] == afresh and type(kept[1]) is type(afresh)
    with translation.override(language):
        assert resultparts.scale_meanings(instrument) is kept[1]
    # An equal instrument that is not the kept one is written afresh, the same.
    other = dataclasses.replace(instrument)
    assert other is not instrument
    assert resultparts.scale_meanings(other, language) == afresh


def test_without_translation_the_block_is_written_afresh() -> None:
    instrument = inventory(INVENTORY_IDS[0], "en")
    with translation.override(None):
        drawn = resultparts.scale_meanings(instrument)
    assert drawn == resultparts._scale_meanings(instrument, None)
