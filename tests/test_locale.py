"""The Spanish catalogs: the compiled one matches its source, the content translations fit
their files, and (once the translators' words are merged) nothing is left untranslated.

The two tests marked ``waiting`` fail today on purpose: ``django.po`` and ``content/es/*.toml``
hold the English while the Spanish is written. Once the Spanish is merged, set
:data:`WAITING_FOR_SPANISH` to ``False``: from then on an untranslated, empty or fuzzy message,
or a content text left in English, fails the suite (docs/translating.md).
"""

from __future__ import annotations

import gettext
import tomllib
from pathlib import Path

import polib
import pytest

from interdepend.content import CONTENT_DIR
from interdepend.core import translation

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src/interdepend/web/locale"
LANGUAGES = ("es",)

#: True while the Spanish words are still being written (see the module's docstring).
WAITING_FOR_SPANISH = False
waiting = pytest.mark.xfail(
    WAITING_FOR_SPANISH,
    reason="the Spanish words are being written; set WAITING_FOR_SPANISH = False once merged",
    strict=False,
)

#: Content texts that may stay the same in Spanish (names, and words spelt alike).
SAME_IN_SPANISH = frozenset({"Interdepend", "Self", "Bond"})


def _po(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _content_files() -> list[Path]:
    return sorted(CONTENT_DIR.glob("*.toml"))


def _raw(path: Path) -> dict[str, object]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_says_what_the_po_says(language: str) -> None:
    """``django.mo`` is committed (a wheel carries it; no one needs gettext to install), so it
    must be compiled again whenever ``django.po`` changes: ``make messages``."""
    po = _po(language)
    wanted = {
        (f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid): (
            e.msgstr_plural[0] if e.msgid_plural else e.msgstr
        )
        for e in po
        if not e.obsolete and e.translated() and "fuzzy" not in e.flags
    }
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in compiled._catalog.items()  # type: ignore[attr-defined]  # the parsed .mo
        if key and (not isinstance(key, tuple) or key[1] == 0)
    }
    catalog.pop("", None)
    assert catalog == wanted, "django.mo is out of date: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_message_has_every_form_the_language_has(language: str) -> None:
    """Spanish has three plural forms in Django's catalog (one, a million, the rest): a
    message translated with two fell back to English for every count but one (the phone walk
    read "Vínculo: 2 more answers would give it a score" on a Spanish page)."""
    import re

    po = _po(language)
    found = re.search(r"nplurals=(\d+)", po.metadata.get("Plural-Forms", ""))
    assert found, "the catalog names no plural forms"
    forms = int(found.group(1))
    short = [
        e.msgid[:60]
        for e in po
        if not e.obsolete
        and e.msgid_plural
        and "fuzzy" not in e.flags
        and sum(1 for text in e.msgstr_plural.values() if text) < forms
    ]
    assert not short, f"plural messages without all {forms} forms: {short}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_file_has_a_translation_that_fits(language: str) -> None:
    """Each content file's translation names every text path of the file as it is now, and
    no other (the words themselves may still be English: see the next test)."""
    problems = {}
    for path in _content_files():
        raw = _raw(path)
        found = translation.check(
            raw, translation.read_translation(translation.translation_path(path, language))
        )
        if found:
            problems[path.name] = found[:5]
    assert not problems, problems


@waiting
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    entries = [e for e in _po(language) if not e.obsolete]
    left = [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags]
    done = len(entries) - len(left)
    print(f"\n{language}: {done} of {len(entries)} messages translated ({done / len(entries):.0%})")
    assert not left, f"{len(left)} untranslated or fuzzy, first: {left[:5]}"


@waiting
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_text_is_translated(language: str) -> None:
    total, same = 0, []
    for path in _content_files():
        original = translation.text_paths(_raw(path))
        found = translation.read_translation(translation.translation_path(path, language))
        for key, english in original.items():
            total += 1
            words = found.text.get(key, "")
            if words.strip() == english.strip() and english.strip() not in SAME_IN_SPANISH:
                same.append(f"{path.name}: {key}")
    done = total - len(same)
    print(f"\n{language}: {done} of {total} content texts translated ({done / total:.0%})")
    assert not same, f"{len(same)} still in English, first: {same[:5]}"


#: The names ``makemessages`` finds a message by (Django's xgettext keywords, and ``_``).
EXTRACTED_NAMES = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    }
)


def test_every_translation_function_goes_by_a_name_makemessages_reads() -> None:
    """A message marked through another name (``gettext_lazy as _lazy``) never reaches the
    catalog, so it is shown in English to every reader: "Marked as kept…" was, until
    2026-12-02."""
    import re

    imported = re.compile(r"from django\.utils\.translation import ([^\n(]+)")
    odd = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for names in imported.findall(path.read_text(encoding="utf-8")):
            for part in names.split(","):
                bits = part.split(" as ")
                if (
                    len(bits) == 2
                    and "gettext" in bits[0]
                    and bits[1].strip() not in EXTRACTED_NAMES
                ):
                    odd.append(f"{path.relative_to(ROOT)}: {part.strip()}")
    assert not odd, odd
