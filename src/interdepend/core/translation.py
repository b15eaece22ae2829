"""Translations of the content files: one overlay file per content file and language.

A content file (an instrument, the question library, practices, prompts) is written in English.
Its translation into another language lives beside it in ``content/<language>/<same name>.toml``
and holds only the words, each under a *path* that names where it goes::

    source = "interdependence_inventory_v2"   # the id of the file it translates
    source_version = "2.0.0"                  # the version of that file it was made from
    language = "es"
    version = "1.0.0"                         # the translation's own version
    validated = false                         # true once the translated scale has been studied

    [text]
    "title" = "Inventario de interdependencia"
    "items.sl01.text" = "..."
    "response_scale.anchors.4.label" = "..."

Paths: a top-level field is its key; a table's field is ``table.field``; an entry of an array
of tables is named by its ``id`` (or, for response anchors, its ``value``); a list of plain
strings is numbered from 0. Only the fields in :data:`TEXT_FIELDS` carry words; ids, scales,
keys and numbers are never translated, so a translated file scores exactly like the original.

:func:`text_paths` lists what a file has to translate, :func:`overlay` applies a translation to
the raw TOML before the usual loader reads it, and :func:`check` reports a translation that is
incomplete, stale or carries a path the original does not have.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interdepend.core.errors import ContentError

__all__ = [
    "TEXT_FIELDS",
    "check",
    "overlay",
    "SOURCE_LANGUAGE",
    "Translation",
    "in_language",
    "read_translation",
    "skeleton",
    "text_paths",
    "translation_path",
]

#: The language every content file is written in.
SOURCE_LANGUAGE = "en"

#: Folders searched for ``<language>/<file name>`` before the one beside the content file. Empty
#: in the app; a test puts a made-up language's translations here.
EXTRA_FOLDERS: list[Path] = []

#: The fields whose values are words for a person to read. Everything else is structure.
TEXT_FIELDS = frozenset(
    {
        "title",
        "intro",
        "not_a_diagnosis",
        "label",
        "unscored_description",
        "name",
        "description",
        "text",
        "message",
        "resources",
    }
)

#: Arrays whose entries are for researchers only (docs), never shown in the app.
_NOT_SHOWN = frozenset({"traits"})


@dataclass(frozen=True)
class Translation:
    source: str
    source_version: str
    language: str
    version: str
    validated: bool
    text: Mapping[str, str]


def translation_path(content_file: Path, language: str) -> Path:
    """Where the translation of ``content_file`` into ``language`` lives."""
    for folder in EXTRA_FOLDERS:
        found = folder / language / content_file.name
        if found.is_file():
            return found
    return content_file.parent / language / content_file.name


def in_language(
    content_file: Path, raw: Mapping[str, Any], language: str
) -> tuple[dict[str, Any], Translation | None]:
    """``raw`` (the TOML of ``content_file``) with its words in ``language``, and the
    translation used; the original and ``None`` when there is no translation into it (the
    source language, or one nobody has translated this file into yet). A translation that does
    not fit the file raises :class:`ContentError` (see :func:`overlay`)."""
    if language == SOURCE_LANGUAGE:
        return dict(raw), None
    path = translation_path(content_file, language)
    if not path.is_file():
        return dict(raw), None
    found = read_translation(path)
    return overlay(raw, found), found


def _entry_key(entry: Mapping[str, Any]) -> str | None:
    if "id" in entry:
        return str(entry["id"])
    if "value" in entry:
        return str(entry["value"])
    return None


def _walk(node: Any, path: tuple[str, ...], in_text: bool) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _NOT_SHOWN and not path:
                continue
            yield from _walk(value, (*path, key), key in TEXT_FIELDS)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict):
                key = _entry_key(value)
                if key is None:
                    continue
                yield from _walk(value, (*path, key), False)
            elif in_text and isinstance(value, str):
                yield ".".join((*path, str(index))), value
    elif isinstance(node, str) and in_text:
        yield ".".join(path), node


def text_paths(raw: Mapping[str, Any]) -> dict[str, str]:
    """Every translatable text of a content file's raw TOML, by path, in file order."""
    return dict(_walk(dict(raw), (), False))


def read_translation(path: Path) -> Translation:
    """Read one translation file; :class:`ContentError` names what is wrong with it."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(f"{path}: no such translation") from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{path.name}: cannot read it as TOML: {error}") from None
    text = raw.get("text")
    if not isinstance(text, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in text.items()
    ):
        raise ContentError(f"{path.name}: [text] must map paths to words")
    for key in ("source", "source_version", "language", "version"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise ContentError(f"{path.name}: {key} is missing")
    return Translation(
        source=raw["source"],
        source_version=raw["source_version"],
        language=raw["language"],
        version=raw["version"],
        validated=raw.get("validated") is True,
        text=text,
    )


def check(raw: Mapping[str, Any], translation: Translation) -> list[str]:
    """What is wrong with ``translation`` of the file whose raw TOML is ``raw``; empty if none.

    Missing paths, paths the original does not have, blank words, a different source id or
    version. A text left in English is not reported here (some words, a name, are the same in
    both languages); the test of the shipped translations looks for those.
    """
    problems: list[str] = []
    if translation.source != raw.get("id"):
        problems.append(f"it translates {translation.source!r}, not {raw.get('id')!r}")
    if translation.source_version != raw.get("version"):
        problems.append(
            f"it was made from version {translation.source_version}, "
            f"the file is now version {raw.get('version')}"
        )
    wanted = text_paths(raw)
    for key in wanted:
        if key not in translation.text:
            problems.append(f"{key}: not translated")
        elif not translation.text[key].strip():
            problems.append(f"{key}: blank")
    for key in translation.text:
        if key not in wanted:
            problems.append(f"{key}: the original has no such text")
    return problems


def overlay(raw: Mapping[str, Any], translation: Translation) -> dict[str, Any]:
    """A copy of ``raw`` with every translated text put in place of the English.

    Raises :class:`ContentError` if the translation does not fit the file (see :func:`check`).
    """
    problems = check(raw, translation)
    if problems:
        name = f"{translation.language}/{raw.get('id')}"
        raise ContentError(f"{name}: " + "; ".join(problems[:5]))
    replaced: dict[str, Any] = _replace(dict(raw), (), False, translation.text)
    return replaced


def _replace(node: Any, path: tuple[str, ...], in_text: bool, text: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _NOT_SHOWN and not path:
                out[key] = value
            else:
                out[key] = _replace(value, (*path, key), key in TEXT_FIELDS, text)
        return out
    if isinstance(node, list):
        items: list[Any] = []
        for index, value in enumerate(node):
            if isinstance(value, dict):
                key = _entry_key(value)
                items.append(value if key is None else _replace(value, (*path, key), False, text))
            elif in_text and isinstance(value, str):
                items.append(text.get(".".join((*path, str(index))), value))
            else:
                items.append(value)
        return items
    if isinstance(node, str) and in_text:
        return text.get(".".join(path), node)
    return node


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def skeleton(content_file: Path, language: str) -> str:
    """A translation file to fill in: every path with the English text as its value."""
    with content_file.open("rb") as handle:
        raw = tomllib.load(handle)
    lines = [
        f"# {raw.get('id')} in language {language!r}: replace each English text with its",
        "# translation, in our own words. Paths and the header must stay as they are.",
        "",
        f"source = {_toml_string(str(raw.get('id')))}",
        f"source_version = {_toml_string(str(raw.get('version')))}",
        f"language = {_toml_string(language)}",
        'version = "1.0.0"',
        "validated = false",
        "",
        "[text]",
    ]
    for key, value in text_paths(raw).items():
        lines.append(f"{_toml_string(key)} = {_toml_string(value.strip())}")
    return "\n".join(lines) + "\n"
