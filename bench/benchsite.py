"""Settings for the benchmarks: the production settings, plus one bare view as the floor.

Nothing is weakened: the same middleware, password hasher, sessions and static files. The only
change is the URL map (``benchurls``), which adds ``/bench/floor/`` beside every real URL. Used
by ``bench/bench_http.py`` with ``PYTHONPATH=bench DJANGO_SETTINGS_MODULE=benchsite``.
"""

from interdepend.web.settings import *  # noqa: F403

ROOT_URLCONF = "benchurls"
