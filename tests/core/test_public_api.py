"""The library's public API is exactly what ``interdepend.__all__`` lists."""

from __future__ import annotations

import interdepend

EXPECTED = {
    "ApimResult",
    "Instrument",
    "InstrumentError",
    "InterdependError",
    "Nonindependence",
    "Norms",
    "Omega",
    "Result",
    "__version__",
    "analyse_decision",
    "analyse_situation",
    "build_norms",
    "builtin_instruments",
    "compare",
    "distinguishability_test",
    "explain",
    "fit_apim",
    "DiaryResult",
    "MediationResult",
    "PowerDesign",
    "dyads_for_power",
    "fit_apim_mediation",
    "fit_cfa",
    "fit_diary",
    "fit_invariance",
    "k_ratio",
    "no_link_null",
    "simulate_power",
    "fit_couple",
    "load_builtin",
    "load_instrument",
    "omega",
    "omega_from_answers",
    "percentile_of",
    "pseudo_couple_null",
    "reliability",
    "score_matrix",
    "score_one",
    "screen_one",
    "suggest",
    "nonindependence",
}


def test_public_api_is_pinned() -> None:
    assert set(interdepend.__all__) == EXPECTED
    for name in interdepend.__all__:
        assert hasattr(interdepend, name)


def test_library_scores_one_person_without_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, interdepend as i; "
        "inv = i.load_builtin('interdependence_inventory_v1'); "
        "r = i.score_one(inv, {x: 4 for x in inv.item_ids}); "
        "assert 'django' not in sys.modules; print(r.dynamic_id)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip()
