"""The shared figures file: every benchmark records its figures here, and a table prints them.

Each benchmark calls :func:`record` with its own name and a list of figures (``name``, ``value``,
``unit``). Its figures go to ``var/bench/figures/<bench>.json`` (replacing that benchmark's
previous ones) and ``var/bench/results.json`` is rebuilt from all of them: one object per figure.

    .venv/bin/python bench/results.py        # print the table of var/bench/results.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "var" / "bench"
FIGURES = OUT / "figures"
RESULTS = OUT / "results.json"
ORDER = (
    "scoring",
    "apim",
    "report",
    "charts",
    "pages",
    "http-sqlite",
    "http-postgresql",
    "cluster",
)


def figure(name: str, value: float | int, unit: str) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit}


def record(bench: str, figures: list[dict[str, Any]]) -> Path:
    """Store one benchmark's figures and rebuild ``results.json``; returns its path."""
    for item in figures:
        if set(item) != {"name", "value", "unit"}:
            raise ValueError(f"a figure has name, value and unit only: {item}")
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / f"{bench}.json").write_text(json.dumps(figures, indent=1) + "\n")
    return rebuild()


def rebuild() -> Path:
    def rank(path: Path) -> tuple[int, str]:
        known = path.stem in ORDER
        return (ORDER.index(path.stem) if known else len(ORDER), path.stem)

    gathered: list[dict[str, Any]] = []
    for path in sorted(FIGURES.glob("*.json"), key=rank):
        gathered += json.loads(path.read_text())
    RESULTS.write_text(json.dumps(gathered, indent=1) + "\n")
    return RESULTS


def table(figures: list[dict[str, Any]]) -> str:
    width = max([len(f["name"]) for f in figures] + [6])
    lines = [f"{'figure':<{width}}  {'value':>12}  unit", "-" * (width + 22)]
    for f in figures:
        value = f["value"]
        shown = f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else value
        lines.append(f"{f['name']:<{width}}  {shown:>12}  {f['unit']}")
    return "\n".join(lines)


def main() -> int:
    if not RESULTS.exists():
        print(f"no figures yet: {RESULTS} is missing (run make bench)")
        return 1
    figures = json.loads(RESULTS.read_text())
    print(table(figures))
    print(f"\n{len(figures)} figures in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
