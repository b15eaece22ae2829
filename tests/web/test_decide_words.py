"""A decision's page's own words and its combined view's sentences are looked up once per
language as a worker starts (``bands._words``, ``selectors.sentences``; issue 15's eighteenth
pass), where each view looked up some thirty with ``gettext``. Held here to ``gettext`` of the
same text in each language, the languages apart; the pages themselves are held byte for byte to
their old templates by ``test_decide_page_drawn.py`` and ``test_decide_bands.py``, and the
sentences by ``test_decide_story.py``."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from interdepend.web.decide import selectors
from interdepend.web.decide.selectors import Band
from interdepend.web.decide.templatetags import bands

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _texts(value: Any) -> Iterator[str]:
    """Every text a kept value holds, in its order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _texts(getattr(value, field.name))
    else:  # the bands' words
        for band in Band:
            yield value[band]


def _msgids(function: Any) -> list[str]:
    """The texts ``function`` looks up, in the order it looks them up."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "gettext"}
    ]
    ordered = sorted(calls, key=lambda n: (n.lineno, n.col_offset))
    texts = [node.args[0] for node in ordered]
    found = [text.value for text in texts if isinstance(text, ast.Constant)]
    assert len(found) == len(texts)
    assert all(isinstance(text, str) for text in found)
    return [str(text) for text in found]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kept", [bands._words, selectors.sentences], ids=["words", "sentences"])
def test_each_kept_text_is_what_gettext_gives_in_that_language(kept: Any, language: str) -> None:
    kept.cache_clear()
    with translation.override(language):
        made = kept(translation.get_language())
        texts = list(_texts(made))
        ids = _msgids(kept.__wrapped__)
        assert len(texts) == len(ids) > 10
        assert texts == [gettext(text) for text in ids]
    kept.cache_clear()


def test_the_languages_are_kept_apart() -> None:
    for kept in (bands._words, selectors.sentences):
        kept.cache_clear()
        with translation.override("en"):
            english = list(_texts(kept(translation.get_language())))
        with translation.override("es"):
            spanish = list(_texts(kept(translation.get_language())))
        assert english != spanish
        same = [e for e, s in zip(english, spanish, strict=True) if e == s]
        assert len(same) <= 1, same  # at most a mark of its own, such as the quotes
        assert kept.cache_info().currsize == 2
        kept.cache_clear()


def test_the_views_words_follow_her_language_after_another_s() -> None:
    """A view in one language after one in the other gets its own language's words."""
    bands._words.cache_clear()
    selectors.sentences.cache_clear()
    for language in ("es", "en", "es"):
        with translation.override(language):
            assert bands._band_words()[Band.GOOD] == gettext("good")
            assert selectors._alignment(1.0) == gettext(
                "What suits one of you mostly suits the other too: your interests run together."
            )
            assert selectors._alignment(None) == selectors.sentences(language).no_pattern
