"""`pip install interdepend` works: pyproject declares every package the code imports.

The library and the command line need ``[project] dependencies``; the web application also
needs the ``web`` extra; the readers of Parquet, SPSS and Stata files the ``files`` extra, which
they import only when such a file is read. requirements.txt (and, for the optional readers,
requirements-dev.txt) pins the exact versions we test, each inside the range pyproject declares.
tests/test_wheel.py checks the built wheel; ``make test-wheel`` installs it in a fresh venv.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "interdepend"
#: Packages the web application loads by name from its settings, never by an import statement.
NAMED_IN_SETTINGS = {"argon2-cffi", "whitenoise", "gunicorn", "psycopg", "redis"}
#: Commands of the CLI that run the web application: they may import the web extra, and stop
#: with a plain message when it is missing (``require_web``).
WEB_COMMANDS = {SOURCE / "cli" / "web.py", SOURCE / "cli" / "report.py"}
#: Extras for reading data: imported inside the function that reads such a file, never at the
#: top of a module, so that ``pip install interdepend`` runs without them.
READER_EXTRAS = ("pandas", "files")
#: Packages an extra installs for the researcher's own code (DataFrames), never imported by ours.
FOR_THE_USER = {"pandas"}


def _declared() -> tuple[dict[str, Requirement], dict[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = [Requirement(line) for line in project["dependencies"]]
    web = [Requirement(line) for line in project["optional-dependencies"]["web"]]
    return (
        {canonicalize_name(r.name): r for r in core},
        {canonicalize_name(r.name): r for r in web},
    )


def _readers() -> dict[str, Requirement]:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [line for name in READER_EXTRAS for line in extras["optional-dependencies"][name]]
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in lines}


def _top_level_imports(path: Path) -> set[str]:
    """Top-level package names imported at module level (not inside a function)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _imported(files: list[Path]) -> set[str]:
    """The distributions these files import (at the top or inside a function), stdlib aside."""
    owners = packages_distributions()
    names: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    third_party = names - set(sys.stdlib_module_names) - {"interdepend", "__future__"}
    return {canonicalize_name(owners[name][0]) for name in third_party}


def _pinned(*files: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    lines = [
        line for f in files or ("requirements.txt",) for line in (ROOT / f).read_text().splitlines()
    ]
    for line in lines:
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if match:
            pins[canonicalize_name(Requirement(match[1]).name)] = match[2]
    return pins


def _library() -> list[Path]:
    return [
        p
        for p in SOURCE.rglob("*.py")
        if "web" not in p.relative_to(SOURCE).parts and p not in WEB_COMMANDS
    ]


def test_the_library_imports_only_what_it_declares() -> None:
    core, _web = _declared()
    missing = _imported(_library()) - set(core) - set(_readers())
    assert not missing, f"the library imports packages pyproject does not declare: {missing}"


def test_the_optional_readers_are_imported_only_when_a_file_needs_them() -> None:
    """No module of the library imports pandas, pyarrow or pyreadstat at its top."""
    owners = packages_distributions()
    optional = set(_readers())
    at_top = {
        str(path.relative_to(SOURCE)): name
        for path in _library()
        for name in _top_level_imports(path)
        if name in owners and canonicalize_name(owners[name][0]) in optional
    }
    assert not at_top, f"optional readers imported at module level: {at_top}"


def test_the_reader_extras_are_pinned_inside_their_ranges() -> None:
    pins = _pinned("requirements.txt", "requirements-dev.txt")
    outside = {
        name: (str(req.specifier), pins.get(name))
        for name, req in _readers().items()
        if name not in pins or not req.specifier.contains(pins[name])
    }
    assert not outside, f"reader extras not pinned within range (range, pin): {outside}"


def test_the_web_application_imports_only_what_it_and_its_extra_declare() -> None:
    core, web = _declared()
    web_files = [*(SOURCE / "web").rglob("*.py"), *WEB_COMMANDS]
    missing = _imported(web_files) - set(core) - set(web)
    assert not missing, f"the web app imports packages outside [web]: {missing}"
    assert set(web) >= NAMED_IN_SETTINGS


def test_every_declared_package_is_pinned_inside_its_range() -> None:
    core, web = _declared()
    pins = _pinned()
    outside = {
        name: (str(req.specifier), pins.get(name))
        for name, req in {**core, **web}.items()
        if name not in pins or not req.specifier.contains(pins[name])
    }
    assert not outside, f"declared but not pinned within range (range, pin): {outside}"


def test_nothing_unused_is_declared() -> None:
    """A package pyproject declares is imported, or named in the settings."""
    core, web = _declared()
    used = _imported(list(SOURCE.rglob("*.py"))) | NAMED_IN_SETTINGS | FOR_THE_USER
    declared = set(core) | set(web) | set(_readers())
    assert declared <= used, declared - used


def test_a_web_command_without_the_web_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without Django, ``interdepend demo`` stops with a message naming the extra, exit 2."""
    from interdepend.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "django" else real(name, *a)
    )
    assert main(["demo"]) == 2
    said = capsys.readouterr().err
    assert "pip install '/path/to/interdepend[web]'" in said and "django" in said
    assert "Traceback" not in said


REQUIREMENT_FILES = (
    "requirements.txt",
    "requirements-dev.txt",
    "requirements-bench.txt",
    "requirements-constraints.txt",
)


def test_every_installed_package_is_pinned_at_its_installed_version() -> None:
    """The environment the tests run in holds only what a requirements file names, at its pin.

    A package installed by hand, or a dependency that moved to a newer release, would let the
    tests pass here and fail on a fresh machine; requirements-constraints.txt fixes the
    versions of what the pins pull in.
    """
    from importlib.metadata import distributions

    pins = _pinned(*REQUIREMENT_FILES)
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in distributions()
        if canonicalize_name(d.metadata["Name"]) not in {"pip", "interdepend"}
    }
    unnamed = sorted(set(installed) - set(pins))
    assert not unnamed, f"installed but named by no requirements file: {unnamed}"
    moved = {n: (v, pins[n]) for n, v in installed.items() if pins[n] != v}
    assert not moved, f"installed at another version than pinned (installed, pin): {moved}"


def test_requirements_read_the_constraints_and_every_pin_says_why() -> None:
    text = (ROOT / "requirements.txt").read_text()
    assert "-c requirements-constraints.txt" in text
    for name in REQUIREMENT_FILES:
        for line in (ROOT / name).read_text().splitlines():
            if "==" in line:
                assert "#" in line.split("==", 1)[1], f"{name}: no reason given: {line}"


def test_python_dash_m_runs_the_same_command_line() -> None:
    """``python -m interdepend`` is the installed ``interdepend`` (the research walk of
    2026-12-04 found it missing: "No module named interdepend.__main__")."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "interdepend", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("interdepend "), done.stdout
