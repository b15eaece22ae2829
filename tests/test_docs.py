"""Docs that a test keeps true (issue 14, point 5).

A newcomer reads ``docs/architecture.md`` to learn where a change belongs and
``docs/configuration.md`` to learn what a deployer can set. Both drift silently unless checked:
every app, top-level module and test folder is in the architecture's directory map; every
environment variable the code reads is in the configuration table; and every name the docs
point at (a dotted path, a model, a constant, a function) exists in the code.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "interdepend"
DOCS = ROOT / "docs"
ARCHITECTURE = (DOCS / "architecture.md").read_text()
CONFIGURATION = (DOCS / "configuration.md").read_text()
ENV_READ = re.compile(
    r"""env_(?:str|int|bool|list|web_address|whole|at_least|log_level|time_zone)\(\s*"""
    r"""(?:\n\s*)?"([A-Z][A-Z0-9_]+)"|environ(?:\.get\(|\[)\s*"([A-Z][A-Z0-9_]+)\""""
)
CODE = re.compile(r"`([^`\n]+)`")


def _source() -> str:
    return "\n".join(p.read_text() for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _named_in_architecture(relative: str) -> bool:
    """A folder is named by its whole path; a file by its path or, beside a sibling, its name."""
    if relative.endswith("/"):
        return f"`{relative}`" in ARCHITECTURE
    return relative in ARCHITECTURE or f"`{relative.rsplit('/', 1)[-1]}`" in ARCHITECTURE


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    read = {a or b for a, b in ENV_READ.findall(_source())}
    missing = sorted(name for name in read if f"`{name}`" not in CONFIGURATION)
    print(f"\nconfiguration: {len(read)} variables read by the code, {len(missing)} undocumented")
    assert len(read) > 20, "the pattern found too few variables"
    assert not missing, f"add these to docs/configuration.md: {missing}"


def test_every_variable_in_the_configuration_table_is_read_by_the_code() -> None:
    """The other way round (the deployment walk of 2026-12-04): a variable the table names and
    no code reads would be set by a deployer and silently do nothing."""
    read = {a or b for a, b in ENV_READ.findall(_source())}
    rows = [line for line in CONFIGURATION.splitlines() if line.startswith("| `")]
    named = {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", _cell(row))}
    assert len(named) > 20, "the pattern found too few rows"
    assert sorted(named - read) == []


def _cell(row: str) -> str:
    """A table row's first cell (a ``\\|`` inside a cell is not its end)."""
    return re.split(r"(?<!\\)\|", row)[1]


def test_every_app_module_and_test_folder_is_on_the_directory_map() -> None:
    wanted = [
        *(f"src/interdepend/web/{p.parent.name}/" for p in sorted(SRC.glob("web/*/apps.py"))),
        *(
            f"src/interdepend/{p.name}/"
            for p in sorted(SRC.iterdir())
            if (p / "__init__.py").exists()
        ),
        *(
            f"src/interdepend/{p.relative_to(SRC)}"
            for p in sorted([*SRC.glob("*.py"), *SRC.glob("web/*.py")])
            if not p.name.startswith("__")
        ),
        *(
            f"tests/{p.name}/"
            for p in sorted((ROOT / "tests").iterdir())
            if p.is_dir() and p.name != "__pycache__"
        ),
    ]
    missing = [path for path in wanted if not _named_in_architecture(path)]
    print(f"\ndirectory map: {len(wanted)} paths, {len(missing)} missing")
    assert not missing, f"add these to docs/architecture.md: {missing}"


def _dotted(name: str) -> bool:
    """``interdepend.a.b.c``: the longest importable prefix, then attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def _model(name: str) -> bool:
    label, model = name.split(".")
    try:
        apps.get_model(label, model)
    except LookupError:
        return False
    return True


@pytest.mark.parametrize("doc", ["architecture.md", "configuration.md"])
def test_every_name_the_docs_point_at_exists(doc: str) -> None:
    text = (DOCS / doc).read_text()
    source = _source()
    labels = {config.label for config in apps.get_app_configs()}
    checked, absent = 0, []
    for token in sorted(set(CODE.findall(text))):
        if re.fullmatch(r"interdepend(\.\w+)+", token):
            ok = _dotted(token)
        elif re.fullmatch(r"[a-z_]+\.[A-Z]\w+", token) and token.split(".")[0] in labels:
            ok = _model(token)
        elif re.fullmatch(r"\w+\(\)", token):
            ok = re.search(rf"\bdef {re.escape(token[:-2])}\(", source) is not None
        elif re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", token):
            ok = re.search(rf"\b{token}\b", source) is not None
        else:
            continue
        checked += 1
        if not ok:
            absent.append(token)
    print(f"\n{doc}: {checked} names checked, {len(absent)} not in the code")
    assert checked, "no names found to check"
    assert not absent, f"{doc} names what the code does not have: {absent}"


#: A pip command that installs Interdepend by its bare name, which pip looks up on PyPI, where
#: the name is not ours: anyone could register it (the library audit of 2026-12-03).
BY_NAME = re.compile(
    r"""pip install\s+(?:-\S+\s+)*["']?interdepend(?:\[[\w,]*\])?["']?(?![\w/.-])"""
)


def test_the_docs_install_interdepend_from_a_copy_of_the_project_not_from_pypi() -> None:
    found = []
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for match in BY_NAME.finditer(text):
            if text[: match.start()].lower().endswith("don't `"):
                continue  # the sentence that warns against it
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.name}:{line}: {match.group()}")
    assert not found, f"install from a clone or a wheel (pip install /path/to/interdepend): {found}"


def test_the_code_and_the_project_file_install_from_a_copy_too() -> None:
    """The deployment walk of 2026-12-04: ``help(load_table)`` and the comments of
    pyproject.toml still said ``pip install 'interdepend[files]'``, by name, as the docs no
    longer do."""
    found = []
    for path in [ROOT / "pyproject.toml", *sorted(SRC.rglob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        for match in BY_NAME.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group()}")
    assert not found, f"install from a clone or a wheel (pip install /path/to/interdepend): {found}"


def test_the_guides_say_where_their_example_data_come_from() -> None:
    """They said a clone holds the Acitelli couples at ../shared/data/acitelli.csv, a folder
    beside the project that is not part of it (the library audit of 2026-12-03)."""
    guides = {name: (DOCS / name).read_text(encoding="utf-8") for name in ("research.md", "cli.md")}
    assert not [name for name, text in guides.items() if "../shared/" in text]
    research = guides["research.md"]
    assert "https://github.com/RandiLGarcia/dyadr" in research
    assert 'write.csv(acitelli, "acitelli.csv", row.names = FALSE)' in research


def test_the_docs_run_python_as_a_newcomer_has_it() -> None:
    """The newcomers' walk of 2026-12-05: the researcher's guide ran
    ``python bench/simulate_apim_missing.py``, and a Python without the venv has neither NumPy
    nor Interdepend (ModuleNotFoundError); it made its venv with ``python -m venv``, and
    translating.md ran ``python -m django``, where Debian has ``python3`` only."""
    bench = re.compile(r"(?:^|[\s`$(])python3? bench/")
    bare = re.compile(r"(?:^|[\s`$(])python (?:-m venv|-m django|- )")
    found = []
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bench.search(line) or bare.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, f"name the venv's Python, or python3 for a new venv: {found}"


def _make_variable(makefile: str, name: str) -> list[str]:
    match = re.search(rf"^{name} :?= (.+)$", makefile, re.M)
    assert match, f"the Makefile sets no {name}"
    return match.group(1).split()


def test_the_development_guide_lists_every_lane_and_package_of_make_test() -> None:
    """The newcomers' walk of 2026-12-05: ``make test`` ran the wheel lane and installed R's
    lavaan and GPArotation, and docs/development.md's table, which says what it does, had
    neither: a developer without root could not tell what to ask for."""
    makefile = (ROOT / "Makefile").read_text()
    development = (DOCS / "development.md").read_text()
    lanes = re.search(r"^test: (.+)$", makefile, re.M)
    assert lanes, "the Makefile has no test target"
    targets = [f"`make {lane}`" for lane in lanes.group(1).split() if lane != "gates"]
    table = [line for line in development.splitlines() if line.startswith("| ")]
    absent = [
        target for target in [*targets, "`make gates`"] if not any(target in row for row in table)
    ]
    assert not absent, f"add a row to docs/development.md's table of lanes: {absent}"
    row = next((line for line in table if "`make debian`" in line), "")

    def named(package: str) -> bool:
        if package == "r-base-core":
            return re.search(r"\bR\b", row) is not None
        if package.startswith("r-cran-"):  # R's own name, in any case (GPArotation)
            return f"`{package.removeprefix('r-cran-')}`" in row.lower()
        return f"`{package}`" in row

    unnamed = [name for name in _make_variable(makefile, "DEBIAN_PACKAGES") if not named(name)]
    assert not unnamed, f"name these in the Debian packages row of docs/development.md: {unnamed}"
