"""Benchmark: what the distributed set-up costs per request, against one server alone.

On one throwaway PostgreSQL (``fsync`` on, as ``bench/bench_http.py`` makes it) loaded with the
demo scaled up (``bench/scale.py``), the same request mix is sent by ``wrk`` twice:

* **one server**: one ``interdepend serve`` (2 workers), its cache in each worker's memory,
  wrk straight at it: the single-machine deployment;
* **two servers**: two ``interdepend serve`` (1 worker each, so the same 2 workers in all)
  sharing one Redis (``CACHE_URL``), behind HAProxy (round robin, HTTP mode), wrk at HAProxy:
  the deployment of docs/deploy.md, on one machine.

Both set-ups are up at once and take turns page by page, for ``--rounds`` rounds, so that the
other work on a shared machine falls on both alike.

For each run it counts the CPU time (``/proc/<pid>/stat``, with reaped children) of every
process: the app servers, HAProxy, Redis and PostgreSQL, and divides by the requests the app
servers' access logs show. The pages are the busy ones of ``bench/bench_http.py`` (home,
couple view, trends, answering a bid) and the floor, one wrk run each; the mix weighs them as
the capacity plan of docs/performance.md does (home and other pages 45 %, the together pages'
small posts 40 %, the couple view 10 %, trends 5 %). With two shared cores the
throughput of two servers cannot exceed one's; the CPU each request costs can be measured.

    .venv/bin/python bench/bench_cluster.py [--couples N] [--seconds S] [--connections C]

Knobs (environment, for ``make bench``): ``BENCH_CLUSTER_COUPLES`` (2000), ``BENCH_SECONDS``
per wrk run (10), ``BENCH_CLUSTER_CONNECTIONS`` (16), ``BENCH_CLUSTER_ROUNDS`` (2). Loopback
only; every process and file it starts is stopped and removed in ``finally`` blocks. Figures
go to ``var/bench/results.json`` (as ``cluster``), details to ``var/bench/cluster.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_http import (
    BUSY,
    HERE,
    OUT,
    SESSION_COOKIE,
    WRK,
    Database,
    Person,
    Site,
    check_page,
    cpu_of_group,
    cpu_of_tree,
    env_default,
    free_port,
    loadavg,
    log_in_all,
    machine,
    postgres_cluster,
    request,
    run_python,
    served,
    server,
    static_and_paths,
)
from results import figure, record

PAGES = ("floor", *BUSY)
#: The capacity plan's mix (docs/performance.md): "other pages" are costed like home.
MIX = {"home": 0.45, "bid answer": 0.40, "couple": 0.10, "trends": 0.05}
#: Processes whose CPU is counted, in the order they are reported.
PARTS = ("app servers", "HAProxy", "Redis", "PostgreSQL")


@dataclass(frozen=True)
class Setup:
    """What a run measures: where wrk sends requests, the access logs, each part's CPU."""

    name: str
    front: Site
    logs: tuple[Path, ...]
    cpu: dict[str, Callable[[], float]]


@contextlib.contextmanager
def redis_server(work: Path) -> Iterator[tuple[str, int]]:
    """A throwaway Redis on 127.0.0.1, nothing written to disk; (URL, pid)."""
    port = free_port()
    folder = work / "redis"
    folder.mkdir(mode=0o700)
    argv = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    argv += ["--appendonly", "no", "--dir", str(folder), "--logfile", str(work / "redis.log")]
    process = subprocess.Popen(argv, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), timeout=1),
            ):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Redis did not start; see redis.log")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0", process.pid
    finally:
        process.kill()
        process.wait()


@contextlib.contextmanager
def haproxy(work: Path, backends: list[Site], health: str) -> Iterator[tuple[Site, int]]:
    """HAProxy on 127.0.0.1 in front of ``backends``, round robin; (its site, its pid)."""
    port = free_port()
    config = work / "haproxy.cfg"
    lines = [
        "global",
        "    maxconn 1024",
        "defaults",
        "    mode http",
        "    timeout connect 2s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    retries 2",
        "    option redispatch",
        "    retry-on conn-failure",
        "frontend web",
        f"    bind 127.0.0.1:{port}",
        "    default_backend app",
        "backend app",
        "    balance roundrobin",
        f"    option httpchk GET {health}",
        "    http-check send hdr Host 127.0.0.1",
    ]
    lines += [
        f"    server s{n} {site.host}:{site.port} check inter 2s" for n, site in enumerate(backends)
    ]
    config.write_text("\n".join(lines) + "\n")
    log = work / "haproxy.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["haproxy", "-f", str(config), "-db"], stdout=out, stderr=out, start_new_session=True
        )
    site = Site("127.0.0.1", port, health, log, process.pid)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if request(site, "GET", health).status == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"HAProxy did not answer; see {log}")
            time.sleep(0.2)
        yield site, process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def drain(site: Site) -> None:
    """Wait until what an earlier run left queued is served (see bench_http.drain)."""
    while request(site, "GET", site.health).seconds > 0.5:
        pass


def people_file(setup: Setup, people: list[Person], paths: dict[str, Any]) -> Path:
    """The signed-in people wrk rotates through, each checked on every page first."""
    path = OUT / f"cluster-people-{setup.name.replace(' ', '-')}.tsv"
    path.write_text(
        "".join(
            f"{SESSION_COOKIE}={p.cookies[SESSION_COOKIE]}; csrftoken={p.csrf}\t{p.csrf}\t{p.bid}\n"
            for p in people
        )
    )
    for person in people[:4]:
        for label in PAGES:
            check_page(setup.front, person, paths[label])
    return path


def wrk_run(
    setup: Setup, people: Path, label: str, paths: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    """One wrk run at one page: requests served and each part's CPU seconds."""
    page = paths[label]
    argv = [WRK, "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s"]
    argv += ["--timeout", "10s", "-s", str(HERE / "wrk_sessions.lua"), setup.front.base]
    argv += ["--", str(people), page["path"], page["method"], "200"]
    drain(setup.front)
    marks = [log.stat().st_size for log in setup.logs]
    before = {part: cpu() for part, cpu in setup.cpu.items()}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=args.seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    drain(setup.front)
    cpu = {part: read() - before[part] for part, read in setup.cpu.items()}
    count = sum(served(log, mark, page) for log, mark in zip(setup.logs, marks, strict=True))
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    found = json.loads(line[len("BENCH ") :])
    errors = found["unexpected"] + sum(found[k] for k in ("connect", "read", "write", "timeout"))
    run = {
        "setup": setup.name,
        "page": label,
        "served": count,
        "rps": found["requests"] / (found["duration_us"] / 1e6),
        "p50_ms": found["p50_us"] / 1000,
        "errors": errors,
        "cpu_s": cpu,
        "load_after": loadavg(),
    }
    per = "  ".join(f"{part} {1000 * s / max(count, 1):.2f}" for part, s in cpu.items())
    print(
        f"  {setup.name:<11} {label:<11} {run['rps']:>7.1f} req/s  errors {errors}"
        f"  CPU ms/request: {per}  load {run['load_after']}",
        flush=True,
    )
    return run


def serve_env(base: dict[str, str], var: Path, cache_url: str = "") -> dict[str, str]:
    env = dict(base)
    env["INTERDEPEND_VAR_DIR"] = str(var)
    if cache_url:
        env["CACHE_URL"] = cache_url
    else:
        env.pop("CACHE_URL", None)
    return env


def bench(args: argparse.Namespace) -> dict[str, Any]:
    for tool in ("redis-server", "haproxy"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed: make debian installs it")
    work = Path(tempfile.mkdtemp(prefix="interdepend-bench-cluster-"))
    try:
        with postgres_cluster() as db, redis_server(work) as (cache_url, redis_pid):
            return _bench_on(db, work, cache_url, redis_pid, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench_on(
    db: Database, work: Path, cache_url: str, redis_pid: int, args: argparse.Namespace
) -> dict[str, Any]:
    assert db.cpu is not None
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}
    env.update(db.env)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")])),
        DJANGO_SETTINGS_MODULE="benchsite",
        INTERDEPEND_HTTPS="false",
        INTERDEPEND_DEBUG="false",
        SECRET_KEY="bench-" + os.urandom(32).hex(),
    )
    var = Path(env["INTERDEPEND_VAR_DIR"])
    manifest_path = var / "manifest.json"
    print(f"== cluster: loading {args.couples} couples", flush=True)
    run_python("scale.py", env, "--couples", str(args.couples), "--manifest", str(manifest_path))
    manifest = json.loads(manifest_path.read_text())
    paths = static_and_paths(env, manifest_path, var)
    health, login = paths["health"]["path"], paths["login"]["path"]
    database = db.cpu
    runs: list[dict[str, Any]] = []

    print("== cluster: one server alone and two behind HAProxy, taking turns", flush=True)
    one_log, logs = work / "one.log", (work / "a.log", work / "b.log")
    shared = serve_env(env, var, cache_url)
    with (
        server(serve_env(env, var), one_log, health, workers=2) as one,
        server(shared, logs[0], health, workers=1) as a,
        server(shared, logs[1], health, workers=1) as b,
        haproxy(work, [a, b], health) as (front, balancer_pid),
    ):
        setups = [
            Setup(
                "one server",
                one,
                (one_log,),
                {"app servers": lambda: cpu_of_group(one.leader), "PostgreSQL": database},
            ),
            Setup(
                "two servers",
                front,
                logs,
                {
                    "app servers": lambda: cpu_of_group(a.leader) + cpu_of_group(b.leader),
                    "HAProxy": lambda: cpu_of_tree(balancer_pid),
                    "Redis": lambda: cpu_of_tree(redis_pid),
                    "PostgreSQL": database,
                },
            ),
        ]
        files = [
            people_file(setup, log_in_all(setup.front, login, manifest, "year"), paths)
            for setup in setups
        ]
        try:
            for _ in range(args.rounds):
                for label in PAGES:
                    for setup, people in zip(setups, files, strict=True):
                        runs.append(wrk_run(setup, people, label, paths, args))
        finally:
            for path in files:
                path.unlink(missing_ok=True)
    return {
        "couples": args.couples,
        "connections": args.connections,
        "rounds": args.rounds,
        "runs": runs,
    }


def per_request(runs: list[dict[str, Any]], setup: str, page: str) -> dict[str, float]:
    """CPU milliseconds per request of each part at one page over its runs, and their total;
    ``page`` "mix" weighs the busy pages as the capacity plan does (:data:`MIX`)."""
    if page == "mix":
        each = {label: per_request(runs, setup, label) for label in MIX}
        return {
            part: sum(MIX[label] * found[part] for label, found in each.items())
            for part in each["home"]
        }
    chosen = [r for r in runs if r["setup"] == setup and r["page"] == page]
    count = max(sum(r["served"] for r in chosen), 1)
    out = {
        part: 1000 * sum(r["cpu_s"].get(part, 0.0) for r in chosen) / count
        for part in PARTS
        if any(part in r["cpu_s"] for r in chosen)
    }
    out["all"] = sum(out.values())
    return out


def figures_of(found: dict[str, Any]) -> list[dict[str, Any]]:
    runs = found["runs"]
    out = []
    for label in (*PAGES, "mix"):
        one = per_request(runs, "one server", label)
        two = per_request(runs, "two servers", label)
        name = f"cluster c{found['connections']} {'plan mix' if label == 'mix' else label}"
        for part, ms in one.items():
            shown = "everything" if part == "all" else part
            out.append(figure(f"{name}: one server, {shown} CPU per request", round(ms, 2), "ms"))
        for part, ms in two.items():
            shown = "everything" if part == "all" else part
            out.append(figure(f"{name}: two servers, {shown} CPU per request", round(ms, 2), "ms"))
        out.append(
            figure(
                f"{name}: two servers / one, CPU per request",
                round(two["all"] / one["all"], 2),
                "x",
            )
        )
    for setup in ("one server", "two servers"):
        chosen = [r for r in runs if r["setup"] == setup and r["page"] in BUSY]
        out.append(
            figure(
                f"cluster c{found['connections']} busy pages: {setup}, throughput (mean of runs)",
                round(sum(r["rps"] for r in chosen) / len(chosen), 1),
                "req/s",
            )
        )
        out.append(
            figure(
                f"cluster {setup}: errors",
                sum(r["errors"] for r in runs if r["setup"] == setup),
                "responses",
            )
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--couples", type=int, default=int(env_default("BENCH_CLUSTER_COUPLES", "2000"))
    )
    parser.add_argument("--seconds", type=int, default=int(env_default("BENCH_SECONDS", "10")))
    parser.add_argument(
        "--connections", type=int, default=int(env_default("BENCH_CLUSTER_CONNECTIONS", "16"))
    )
    parser.add_argument("--rounds", type=int, default=int(env_default("BENCH_CLUSTER_ROUNDS", "2")))
    parser.add_argument(
        "--from-details", action="store_true", help="only redo the figures from the last run"
    )
    args = parser.parse_args()
    details = OUT / "cluster.json"
    if args.from_details:
        found = json.loads(details.read_text())
    else:
        if not Path(WRK).exists():
            raise SystemExit("wrk is not installed: apt-get install wrk")
        OUT.mkdir(parents=True, exist_ok=True)
        found = {"machine": machine(), "seconds_per_run": args.seconds, **bench(args)}
        details.write_text(json.dumps(found, indent=1) + "\n")
    path = record("cluster", figures_of(found))
    for label in (*PAGES, "mix"):
        for setup in ("one server", "two servers"):
            parts = per_request(found["runs"], setup, label)
            said = ", ".join(f"{part} {ms:.2f}" for part, ms in parts.items())
            print(f"{label:<11} {setup:<11} CPU ms per request: {said}")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
