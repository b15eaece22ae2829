"""Interdepend: see and grow interdependence in close relationships.

The importable library is the domain core (:mod:`interdepend.core`); the web application
(:mod:`interdepend.web`) and the command line (:mod:`interdepend.cli`) are built on it.
The names below are the supported public API; ``tests/core/test_public_api.py`` pins them.
They are imported on first use, so ``import interdepend`` stays fast (SciPy loads only when a
statistic is asked for).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "ApimResult": "apim",
    "distinguishability_test": "apim",
    "fit_apim": "apim",
    "k_ratio": "apim",
    "suggest": "content",
    "InstrumentError": "errors",
    "InterdependError": "errors",
    "Instrument": "instrument",
    "builtin_instruments": "instrument",
    "load_builtin": "instrument",
    "load_instrument": "instrument",
    "Norms": "norms",
    "build_norms": "norms",
    "percentile_of": "norms",
    "Omega": "psychometrics",
    "omega": "psychometrics",
    "omega_from_answers": "psychometrics",
    "reliability": "psychometrics",
    "Result": "scoring",
    "compare": "scoring",
    "explain": "scoring",
    "score_matrix": "scoring",
    "score_one": "scoring",
    "screen_one": "scoring",
    "analyse_decision": "situations",
    "analyse_situation": "situations",
    "fit_couple": "var",
    "fit_apim_mediation": "apim_mediation",
    "MediationResult": "apim_mediation",
    "simulate_power": "apim_power",
    "dyads_for_power": "apim_power",
    "PowerDesign": "apim_power",
    "fit_cfa": "cfa",
    "fit_invariance": "cfa",
    "fit_diary": "diary",
    "DiaryResult": "diary",
    "no_link_null": "var",
    "pseudo_couple_null": "var",
    "Nonindependence": "nonindependence",
    "nonindependence": "nonindependence",
}

__all__ = [
    "__version__",
    "ApimResult",
    "DiaryResult",
    "Instrument",
    "InstrumentError",
    "InterdependError",
    "MediationResult",
    "Nonindependence",
    "Norms",
    "Omega",
    "PowerDesign",
    "Result",
    "analyse_decision",
    "analyse_situation",
    "build_norms",
    "builtin_instruments",
    "compare",
    "distinguishability_test",
    "dyads_for_power",
    "explain",
    "fit_apim",
    "fit_apim_mediation",
    "fit_cfa",
    "fit_couple",
    "fit_diary",
    "fit_invariance",
    "k_ratio",
    "load_builtin",
    "load_instrument",
    "no_link_null",
    "nonindependence",
    "omega",
    "omega_from_answers",
    "percentile_of",
    "pseudo_couple_null",
    "reliability",
    "score_matrix",
    "score_one",
    "screen_one",
    "simulate_power",
    "suggest",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'interdepend' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"interdepend.core.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from interdepend.core.apim import ApimResult, distinguishability_test, fit_apim
    from interdepend.core.content import suggest
    from interdepend.core.errors import InstrumentError, InterdependError
    from interdepend.core.instrument import (
        Instrument,
        builtin_instruments,
        load_builtin,
        load_instrument,
    )
    from interdepend.core.nonindependence import Nonindependence, nonindependence
    from interdepend.core.norms import Norms, build_norms, percentile_of
    from interdepend.core.psychometrics import Omega, omega, omega_from_answers, reliability
    from interdepend.core.scoring import (
        Result,
        compare,
        explain,
        score_matrix,
        score_one,
        screen_one,
    )
    from interdepend.core.situations import analyse_decision, analyse_situation
    from interdepend.core.var import fit_couple, pseudo_couple_null
