"""A made-up language for the tests: every translated word is wrapped in ⟦ ⟧.

:func:`write_catalog` turns the Spanish ``django.po`` (which lists every message marked for
translation: ``makemessages`` keeps it current) into a compiled catalog whose every translation
is its English text inside the brackets; :func:`write_overlays` does the same for every content
file. With the language in force, a word a person reads that is not inside brackets was never
marked for translation (or the ``.po`` is out of date), and :func:`unmarked` finds it.

Nothing here imports Django, so the core's tests use it too.
"""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from interdepend.content import CONTENT_DIR
from interdepend.core.translation import text_paths

#: The made-up language's code (a private-use one: no real language has it).
PSEUDO = "qps"
OPEN, CLOSE = "⟦", "⟧"
ROOT = Path(__file__).resolve().parents[1]
SPANISH_PO = ROOT / "src/interdepend/web/locale/es/LC_MESSAGES/django.po"

#: Words a page may show untranslated on purpose: the app's name, each language's own name in
#: the chooser, and the calendar words Django's own catalogs translate in every real language.
ALLOWED = frozenset(
    {"Interdepend", "English", "Español"}
    | {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
        "a.m.",
        "p.m.",
        "AM",
        "PM",
    }
)
#: Elements whose text is not read as page words.
SKIPPED_TAGS = frozenset({"script", "style", "textarea", "bdi", "svg", "code", "pre"})
#: Attributes a person reads or hears.
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")


def wrap(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if text.strip() else text


def write_catalog(locale_dir: Path, po_file: Path = SPANISH_PO) -> Path:
    """A compiled catalog for :data:`PSEUDO` under ``locale_dir``; returns the .mo file."""
    import polib

    source = polib.pofile(str(po_file))
    pseudo = polib.POFile()
    pseudo.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": PSEUDO,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in source:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            plural = {0: wrap(entry.msgid), 1: wrap(entry.msgid_plural)}
            pseudo.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural=plural,
                    msgctxt=entry.msgctxt,
                )
            )
        else:
            pseudo.append(
                polib.POEntry(msgid=entry.msgid, msgstr=wrap(entry.msgid), msgctxt=entry.msgctxt)
            )
    target = locale_dir / PSEUDO / "LC_MESSAGES" / "django.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    pseudo.save_as_mofile(str(target))
    return target


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_overlays(folder: Path, language: str = PSEUDO) -> list[Path]:
    """A translation of every content file into ``language`` under ``folder/language/``."""
    written = []
    (folder / language).mkdir(parents=True, exist_ok=True)
    for content_file in sorted(CONTENT_DIR.glob("*.toml")):
        with content_file.open("rb") as handle:
            raw = tomllib.load(handle)
        lines = [
            f"source = {_toml_string(str(raw['id']))}",
            f"source_version = {_toml_string(str(raw['version']))}",
            f"language = {_toml_string(language)}",
            'version = "0.0.1"',
            "validated = false",
            "[text]",
        ]
        for key, value in text_paths(raw).items():
            lines.append(f"{_toml_string(key)} = {_toml_string(wrap(value))}")
        target = folder / language / content_file.name
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(target)
    return written


_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_WORD = re.compile(r"[^\W\d_]{2,}(?:[.'’][^\W\d_]+)*\.?")


def leftover(text: str) -> str:
    """What of ``text`` stands outside every pair of brackets (pairs may nest)."""
    while True:
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def unmarked_words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` outside brackets that no list allows."""
    words = _WORD.findall(leftover(text))
    return [w for w in words if w not in ALLOWED and w.rstrip(".") not in ALLOWED | allowed]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag in SKIPPED_TAGS or "user-text" in classes or "translate-no" in classes:
            if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
                self.skipping.append(tag)
            return
        if self.skipping:
            return
        for name in READ_ATTRIBUTES:
            value = found.get(name)
            if value:
                self.texts.append(value)
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.texts.append(str(found["value"]))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    """The words a person reads or hears on a page: text nodes and the attributes read out,
    leaving out scripts, styles, what people wrote (inside ``<bdi>``, a ``user-text`` element
    or a text box) and drawings (their words are checked with the charts)."""
    reader = _Reader()
    reader.feed(html)
    # Brackets around a word broken by markup come in pieces: join the page's text first.
    return [" ".join(reader.texts)]


def unmarked(html: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each stretch of page text between translated pieces that holds an unmarked word."""
    found = []
    for text in page_texts(html):
        while True:
            shorter = _INNERMOST.sub("\x00", text)
            if shorter == text:
                break
            text = shorter
        for stretch in text.split("\x00"):
            if unmarked_words(stretch, allowed):
                found.append(" ".join(stretch.split())[:120])
    return found
