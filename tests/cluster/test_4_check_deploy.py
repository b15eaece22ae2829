"""``interdepend check-deploy --servers 2`` against the lane's real PostgreSQL and Redis: the
database is reached and migrated, the cache is reached and shared, the keys are given to both
servers; what is left is what a loopback lane does on purpose (plain HTTP, no mail)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cluster.conftest import Cluster

COMMAND = [
    sys.executable,
    "-c",
    "import sys; from interdepend.cli import main; sys.exit(main(sys.argv[1:]))",
    "check-deploy",
    "--servers",
    "2",
]


def test_check_deploy_finds_the_database_and_the_shared_cache_in_order(
    cluster: Cluster, tmp_path: Path
) -> None:
    env = dict(os.environ, INTERDEPEND_VAR_DIR=str(tmp_path))
    env["DJANGO_SETTINGS_MODULE"] = "interdepend.web.settings"
    done = subprocess.run(
        COMMAND,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = done.stdout
    assert done.returncode == 2, done.stderr
    for fine in ("database", "cache", "secret key", "master key", "journal keys"):
        assert not [line for line in said.splitlines() if fine in line.lower()], said
    assert "HTTPS is off" in said and "Mail is not sent" in said

    broken = dict(env, CACHE_URL="redis://127.0.0.1:1/0")
    done = subprocess.run(
        COMMAND,
        env=broken,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "The cache cannot be reached" in done.stdout
