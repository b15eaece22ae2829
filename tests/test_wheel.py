"""The wheel `pip install interdepend` gets: what it declares and what it carries.

Built here from a copy of the sources (as ``scripts/test-wheel`` builds it); ``make test-wheel``
goes on to install it in a fresh venv and run ``interdepend apim`` there.
"""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    command += ["--no-build-isolation", "--wheel-dir", str(work / "dist"), str(tree)]
    subprocess.run(command, check=True, capture_output=True)
    (built,) = (work / "dist").glob("interdepend-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return email.message_from_bytes(wheel.read(name))


def _requirements(wheel: zipfile.ZipFile) -> dict[str, Requirement]:
    return {
        Requirement(line).name.lower(): Requirement(line)
        for line in _metadata(wheel).get_all("Requires-Dist") or []
    }


def _extra(requirement: Requirement) -> str | None:
    marker = str(requirement.marker or "")
    found = re.search(r'extra == "(\w+)"', marker)
    return found[1] if found else None


def test_a_plain_install_brings_numpy_and_scipy_and_nothing_of_the_web(
    wheel: zipfile.ZipFile,
) -> None:
    requires = _requirements(wheel)
    plain = {name for name, r in requires.items() if _extra(r) is None}
    assert plain == {"numpy", "scipy", "tqdm", "drawsvg"}
    assert _extra(requires["django"]) == "web"


def test_the_extras_are_web_pandas_and_files(wheel: zipfile.ZipFile) -> None:
    assert set(_metadata(wheel).get_all("Provides-Extra") or []) == {"web", "pandas", "files"}
    by_extra: dict[str, set[str]] = {}
    for line in _metadata(wheel).get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        for extra in re.findall(r'extra == "(\w+)"', str(requirement.marker or "")):
            by_extra.setdefault(extra, set()).add(requirement.name.lower())
    assert by_extra["files"] == {"pyarrow", "pyreadstat", "pandas"}
    assert by_extra["pandas"] == {"pandas"}


def test_the_wheel_carries_the_command_the_instruments_and_the_types(
    wheel: zipfile.ZipFile,
) -> None:
    names = set(wheel.namelist())
    (entry,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "interdepend = interdepend.cli:main" in wheel.read(entry).decode()
    assert {"interdepend/py.typed", "interdepend/core/textdata.py"} <= names
    assert any(re.fullmatch(r"interdepend/content/.*\.toml", n) for n in names)
    # Every language: its compiled messages, its source, its content translations, its dates.
    assert {
        "interdepend/web/locale/es/LC_MESSAGES/django.mo",
        "interdepend/web/locale/es/LC_MESSAGES/django.po",
        "interdepend/content/es/interdependence_inventory_v2.toml",
        "interdepend/web/formats/es/formats.py",
    } <= names
    shipped = {p.name for p in (ROOT / "src/interdepend/content").glob("*.toml")}
    assert {
        n.rsplit("/", 1)[1] for n in names if n.startswith("interdepend/content/es/")
    } >= shipped
    assert not any(n.startswith(("tests/", "bench/")) or "__pycache__" in n for n in names)


def test_make_test_runs_the_wheel_in_a_fresh_venv() -> None:
    makefile = (ROOT / "Makefile").read_text()
    (test_line,) = [line for line in makefile.splitlines() if line.startswith("test:")]
    assert "test-wheel" in test_line.split()
    assert "scripts/test-wheel" in makefile
    script = (ROOT / "scripts" / "test-wheel").read_text()
    assert "trap 'rm -rf \"$work\"' EXIT" in script and "import django" in script
