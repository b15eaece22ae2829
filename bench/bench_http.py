"""Benchmark: the web app under load, served by gunicorn on 127.0.0.1, on SQLite and PostgreSQL.

For each database: load the demo scaled up (``bench/scale.py``: 10,000 couples with a year of
history, and single couples with 1 week, 1 year and 5 years for the growth test), start the
real server (``interdepend serve``: gunicorn, 2 workers, ``--no-control-socket``, production
settings with plain HTTP and ``DEBUG`` off, whitenoise; ``bench/benchsite.py`` only adds the
bare floor view), log in bench people for session cookies, then drive Debian's ``wrk``
(``bench/wrk_sessions.lua`` rotates the people) at 16 and 64 connections against the home page,
the couple view, the trends page, answering a bid, and the floor. Then the growth test: one
request at a time, the median time of each page for a couple with 1 week, 1 year, 5 years.
``bench/probe.py`` adds table sizes and queries per page view.

    .venv/bin/python bench/bench_http.py [--couples N] [--seconds S] [--backends sqlite,postgresql]

Knobs (also environment variables, for ``make bench``): ``BENCH_COUPLES`` (10000),
``BENCH_SECONDS`` per wrk run (10), ``BENCH_CONNECTIONS`` (16,64), ``BENCH_BACKENDS``
(sqlite,postgresql). Loopback only; every server, cluster and file it starts is stopped and
removed in ``finally`` blocks, Ctrl-C included. Figures go to ``var/bench/results.json``
(each database's replacing only its own), details to ``var/bench/http-<database>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from results import figure, record

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SESSION_COOKIE = "interdepend_session"
CSRF_COOKIE = "csrftoken"
BUSY = ("home", "couple", "trends", "bid answer")
GROWTH = ("week", "growth-year", "five-years")
FRAMEWORK_TABLES = ("django_", "auth_", "axes_", "accounts_usersession")


def env_default(name: str, default: str) -> str:
    return os.environ.get(name) or default


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> Iterator[tuple[int, int, int, float]]:
    """(pid, parent, process group, CPU seconds with reaped children) of every process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        yield int(entry.name), int(fields[1]), int(fields[2]), ticks / CLOCK_TICKS


def cpu_of_group(leader: int) -> float:
    """CPU seconds used so far by a process group (the gunicorn master and its workers)."""
    return sum(cpu for _, _, group, cpu in _proc_stats() if group == leader)


def cpu_of_tree(parent: int) -> float:
    """CPU seconds used so far by a process and its children (the postmaster and backends)."""
    return sum(cpu for pid, ppid, _, cpu in _proc_stats() if parent in (pid, ppid))


# Databases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    env: dict[str, str]
    #: CPU seconds the database server has used so far (None: it runs inside the app).
    cpu: Callable[[], float] | None


@contextlib.contextmanager
def sqlite_database(keep: bool) -> Iterator[Database]:
    var = OUT / "sqlite"
    try:
        yield Database({"INTERDEPEND_VAR_DIR": str(var)}, None)
    finally:
        if not keep:
            shutil.rmtree(var, ignore_errors=True)


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextlib.contextmanager
def postgres_cluster() -> Iterator[Database]:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1 (as scripts/with-postgres makes one).

    Unlike the test cluster it keeps ``fsync`` on: a deployment would.
    """
    if not (PGBIN / "initdb").exists():
        raise SystemExit(f"PostgreSQL 15 is not installed ({PGBIN}); make debian installs it")
    work = Path(tempfile.mkdtemp(prefix="interdepend-bench-pg-"))
    data, port = work / "data", free_port()
    started = False
    try:
        if os.geteuid() == 0:
            shutil.chown(work, "postgres", "postgres")
        quiet = {"stdout": subprocess.DEVNULL, "check": True}
        subprocess.run(
            _as_postgres(
                [str(PGBIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            ),
            **quiet,
        )
        options = f"-p {port} -k {work} -c listen_addresses=127.0.0.1 -c max_connections=100"
        pg_ctl = [str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(work / "log"), "-w"]
        subprocess.run(_as_postgres([*pg_ctl, "-o", options, "start"]), **quiet)
        started = True
        subprocess.run(
            _as_postgres([str(PGBIN / "createdb"), "-h", "127.0.0.1", "-p", str(port)])
            + ["-U", "postgres", "interdepend"],
            **quiet,
        )
        var = work / "var"
        var.mkdir()
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        env = {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/interdepend",
            "INTERDEPEND_VAR_DIR": str(var),
        }
        yield Database(env, lambda: cpu_of_tree(postmaster))
    finally:
        if started:
            subprocess.run(
                _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(work, ignore_errors=True)


# The server ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    host: str
    port: int
    health: str
    log: Path
    leader: int = 0

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"


@contextlib.contextmanager
def server(env: dict[str, str], log: Path, health: str, workers: int = 2) -> Iterator[Site]:
    """``interdepend serve`` (the production gunicorn command), stopped however we leave."""
    host, port = "127.0.0.1", free_port()
    argv = [str(BIN / "interdepend"), "serve", "--host", host, "--port", str(port)]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*argv, "--workers", str(workers)],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    site = Site(host, port, health, log, process.pid)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped at start; see {log}")
            with contextlib.suppress(OSError):
                if request(site, "GET", site.health).status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within 90 s; see {log}")
            time.sleep(0.3)
        yield site
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    cookies: dict[str, str]
    seconds: float


def request(
    site: Site,
    method: str,
    path: str,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(site.host, site.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        seconds = time.perf_counter() - started
        got = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            got[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, text, got, seconds)
    finally:
        connection.close()


@dataclass(frozen=True)
class Person:
    email: str
    bid: str
    cookies: dict[str, str]

    @property
    def csrf(self) -> str:
        return self.cookies[CSRF_COOKIE]


def log_in(site: Site, login_path: str, email: str, password: str, bid: str) -> Person:
    """The login form, as a browser fills it: CSRF cookie and token, then the post."""
    page = request(site, "GET", login_path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or token is None:
        raise RuntimeError(f"login page answered {page.status} without a CSRF token")
    cookies = {CSRF_COOKIE: page.cookies[CSRF_COOKIE]}
    form = {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    done = request(site, "POST", login_path, cookies, form)
    if done.status != 302 or SESSION_COOKIE not in done.cookies:
        raise RuntimeError(f"logging in {email} answered {done.status}")
    cookies.update(done.cookies)
    return Person(
        email, bid, {SESSION_COOKIE: cookies[SESSION_COOKIE], CSRF_COOKIE: cookies[CSRF_COOKIE]}
    )


def log_in_all(site: Site, login_path: str, manifest: dict[str, Any], group: str) -> list[Person]:
    sessions = manifest["groups"][group]["sessions"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(
            pool.map(
                lambda s: log_in(site, login_path, s["email"], manifest["password"], s["bid"]),
                sessions,
            )
        )


def check_page(site: Site, person: Person, page: dict[str, Any]) -> Answer:
    """One request as ``person``: the status (and the marker) the benchmark expects, or stop."""
    path = page["path"].replace("{bid}", str(person.bid))
    if page["method"] == "POST":
        headers = {"X-CSRFToken": person.csrf, "HX-Request": "true"}
        answer = request(site, "POST", path, person.cookies, {"answer": "yes_now"}, headers)
    else:
        answer = request(site, "GET", path, person.cookies)
    if answer.status != 200:
        raise RuntimeError(f"{page['method']} {path} as {person.email}: {answer.status}")
    if "marker" in page and page["marker"] not in answer.body:
        raise RuntimeError(f"{path} as {person.email} lacks {page['marker']}")
    return answer


# wrk ----------------------------------------------------------------------------------------


def served(log: Path, start: int, page: dict[str, Any]) -> int:
    """Requests of ``page``'s method in the access log after byte ``start``.

    The access log names no address (``interdepend.cli.web.ACCESS_LOG_FORMAT``), so the lines
    are told apart by method only; during a run only that page is asked for, beside the
    handful of health checks that wait for the server's queue to empty.
    """
    needle = f'"{page["method"]}" '.encode()
    with log.open("rb") as handle:
        handle.seek(start)
        return sum(needle in line for line in handle)


def wrk(
    site: Site,
    db: Database,
    people_file: Path,
    page: dict[str, Any],
    connections: int,
    seconds: int,
) -> dict[str, Any]:
    """One wrk run, and the CPU the server (and database) spent on the requests it took in.

    CPU is counted from the start of the run until the server has worked off its queue, and
    divided by the requests the access log shows (those wrk gave up waiting for included).
    """
    argv = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    argv += ["-s", str(HERE / "wrk_sessions.lua"), site.base, "--"]
    argv += [str(people_file), page["path"], page["method"], "200"]
    drain(site)
    before = loadavg()
    mark = site.log.stat().st_size
    app_cpu, db_cpu = cpu_of_group(site.leader), db.cpu() if db.cpu else 0.0
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    drained = drain(site)
    taken_in = served(site.log, mark, page)
    app_cpu = cpu_of_group(site.leader) - app_cpu
    db_cpu = (db.cpu() - db_cpu) if db.cpu else None
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    found: dict[str, Any] = json.loads(line[len("BENCH ") :])
    found["rps"] = found["requests"] / (found["duration_us"] / 1e6)
    found["errors"] = found["unexpected"] + sum(
        found[k] for k in ("connect", "read", "write", "timeout")
    )
    found["load_before"], found["load_after"] = before, loadavg()
    found["drain_seconds"], found["served"] = drained, taken_in
    found["app_cpu_ms"] = 1000 * app_cpu / max(taken_in, 1)
    found["db_cpu_ms"] = None if db_cpu is None else 1000 * db_cpu / max(taken_in, 1)
    return found


def drain(site: Site) -> float:
    """Wait until the server has worked off what an earlier run left queued; seconds waited.

    Sync workers keep serving requests already accepted when wrk hung up, so without this one
    run's backlog would be billed to the next.
    """
    started = time.perf_counter()
    while request(site, "GET", site.health).seconds > 0.5:
        pass
    return time.perf_counter() - started


def load_test(
    site: Site,
    db: Database,
    people: list[Person],
    paths: dict[str, Any],
    args: argparse.Namespace,
    work: Path,
) -> list[dict[str, Any]]:
    people_file = work / "people.tsv"
    lines = []
    for p in people:
        cookie = f"{SESSION_COOKIE}={p.cookies[SESSION_COOKIE]}; {CSRF_COOKIE}={p.csrf}"
        lines.append(f"{cookie}\t{p.csrf}\t{p.bid}\n")
    people_file.write_text("".join(lines))
    # every session works and opens its couple view; a few show every page as expected
    for n, person in enumerate(people):
        for label in ("floor", *BUSY) if n < 6 else ("couple",):
            check_page(site, person, paths[label])
    runs = []
    for connections in args.connections:
        for label in ("floor", *BUSY):
            found = wrk(site, db, people_file, paths[label], connections, args.seconds)
            found.update(page=label, connections=connections)
            runs.append(found)
            print(
                f"  {label:<11} c={connections:<3} {found['rps']:>8.1f} req/s"
                f"  p50 {found['p50_us'] / 1000:>7.1f} ms  p99 {found['p99_us'] / 1000:>7.1f} ms"
                f"  errors {found['errors']}  CPU/request {found['app_cpu_ms']:.1f} ms"
                f"  load {found['load_after']}",
                flush=True,
            )
    return runs


def growth_test(
    site: Site, manifest: dict[str, Any], paths: dict[str, Any], repeat: int, login: str
) -> dict[str, dict[str, float]]:
    """Median time of each page, one request at a time, per length of history (ms).

    The couples take turns, request by request, so a burst of load from elsewhere on the
    machine falls on all of them alike.
    """
    people, pages = {}, {}
    for group in GROWTH:
        first = manifest["groups"][group]["sessions"][0]
        people[group] = log_in(site, login, first["email"], manifest["password"], first["bid"])
        for label in ("home", "couple", "trends"):
            page = {k: v for k, v in paths[label].items() if group != "week" or k != "marker"}
            pages[group, label] = page
            check_page(site, people[group], page)  # checks it, and warms up
    times: dict[tuple[str, str], list[float]] = {key: [] for key in pages}
    for _ in range(repeat):
        for (group, label), page in pages.items():
            times[group, label].append(check_page(site, people[group], page).seconds)
    out: dict[str, dict[str, float]] = {group: {} for group in GROWTH}
    for (group, label), seconds in times.items():
        out[group][label] = statistics.median(seconds) * 1000
    for group, found in out.items():
        print(f"  growth {group:<12} " + "  ".join(f"{k} {v:.1f} ms" for k, v in found.items()))
    return out


# One database -------------------------------------------------------------------------------


def run_python(script: str, env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(HERE / script), *args], env=env, check=True)


def static_and_paths(env: dict[str, str], manifest_path: Path, work: Path) -> dict[str, Any]:
    """Collect the static files, then ask ``probe.py`` for the page of each kind to request
    for the people of the manifest (written to ``work``)."""
    subprocess.run(
        [str(BIN / "interdepend"), "manage", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    paths_file = work / "paths.json"
    run_python(
        "probe.py", env, "--manifest", str(manifest_path), "--out", str(paths_file), "--only-paths"
    )
    paths: dict[str, Any] = json.loads(paths_file.read_text())["paths"]
    return paths


def bench_database(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    keep = args.keep or args.reuse
    place = sqlite_database(keep) if backend == "sqlite" else postgres_cluster()
    with place as db:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(db.env)
        env.update(
            PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")])),
            DJANGO_SETTINGS_MODULE="benchsite",
            INTERDEPEND_HTTPS="false",
            INTERDEPEND_DEBUG="false",
        )
        work = Path(env["INTERDEPEND_VAR_DIR"])
        work.mkdir(parents=True, exist_ok=True)
        manifest_path = work / "manifest.json"
        reused = False
        if args.reuse and manifest_path.exists():
            old = json.loads(manifest_path.read_text())
            reused = old["groups"]["year"]["couples"] == args.couples
        if not reused:
            if backend == "sqlite":
                for old_db in work.glob("interdepend.sqlite3*"):
                    old_db.unlink()
            print(f"== {backend}: loading", flush=True)
            run_python(
                "scale.py", env, "--couples", str(args.couples), "--manifest", str(manifest_path)
            )
        manifest = json.loads(manifest_path.read_text())
        paths = static_and_paths(env, manifest_path, work)
        print(f"== {backend}: serving", flush=True)
        log = OUT / f"gunicorn-{backend}.log"
        with server(env, log, paths["health"]["path"]) as site:
            people = log_in_all(site, paths["login"]["path"], manifest, "year")
            runs = load_test(site, db, people, paths, args, work)
            growth = growth_test(site, manifest, paths, args.repeat, paths["login"]["path"])
        probe_file = work / "probe.json"
        run_python("probe.py", env, "--manifest", str(manifest_path), "--out", str(probe_file))
        probe = json.loads(probe_file.read_text())
        return {
            "backend": backend,
            "reused_database": reused,
            "load_seconds": manifest["seconds"],
            "rows": manifest["rows"],
            "couples": args.couples,
            "people_logged_in": len(people),
            "runs": runs,
            "growth": growth,
            "sizes": probe["sizes"],
            "queries": probe["queries"],
            "view_costs": probe.get("view_costs", {}),
        }


# Figures ------------------------------------------------------------------------------------


def figures_of(found: dict[str, Any]) -> list[dict[str, Any]]:
    db = found["backend"]
    out = []
    if not found["reused_database"]:
        out.append(
            figure(f"{db}: load {found['couples']:,} couples", round(found["load_seconds"], 1), "s")
        )
    out.append(figure(f"{db}: rows loaded", sum(found["rows"].values()), "rows"))
    floors = {r["connections"]: r["rps"] for r in found["runs"] if r["page"] == "floor"}
    for r in found["runs"]:
        name = f"{db} c{r['connections']} {r['page']}"
        out += [
            figure(f"{name}: throughput", round(r["rps"], 1), "req/s"),
            figure(f"{name}: p50", round(r["p50_us"] / 1000, 1), "ms"),
            figure(f"{name}: p95", round(r["p95_us"] / 1000, 1), "ms"),
            figure(f"{name}: p99", round(r["p99_us"] / 1000, 1), "ms"),
            figure(f"{name}: errors", r["errors"], "responses"),
        ]
        if "app_cpu_ms" in r:
            out.append(figure(f"{name}: app CPU per request", round(r["app_cpu_ms"], 1), "ms"))
        if r.get("db_cpu_ms") is not None:
            out.append(figure(f"{name}: database CPU per request", round(r["db_cpu_ms"], 1), "ms"))
        if r["page"] != "floor":
            ratio = r["rps"] / max(floors[r["connections"]], 1e-9)
            out.append(figure(f"{name}: ratio to floor", round(ratio, 2), "x"))
    for conn in sorted(floors):
        busiest = min(
            (r for r in found["runs"] if r["connections"] == conn and r["page"] != "floor"),
            key=lambda r: r["rps"],
        )
        out.append(
            figure(
                f"{db} c{conn}: slowest busy page ({busiest['page']}) ratio to floor",
                round(busiest["rps"] / max(floors[conn], 1e-9), 2),
                "x",
            )
        )
    for group, pages in found["growth"].items():
        for page, ms in pages.items():
            out.append(figure(f"{db} growth {group} {page}: median", round(ms, 1), "ms"))
    for page in ("home", "couple", "trends"):
        five = found["growth"]["five-years"][page]
        for base, label in (("week", "1 week"), ("growth-year", "1 year")):
            ratio = five / found["growth"][base][page]
            out.append(figure(f"{db} growth {page}: 5 years / {label}", round(ratio, 2), "x"))
    couples = found["couples"]
    mine = {t: s for t, s in found["sizes"].items() if not t.startswith(FRAMEWORK_TABLES)}
    out.append(
        figure(
            f"{db}: rows per couple (1 year)",
            round(sum(s["rows"] for s in mine.values()) / couples, 1),
            "rows",
        )
    )
    out.append(
        figure(
            f"{db}: bytes per couple (1 year)",
            round(sum(s["bytes"] for s in mine.values()) / couples / 1024, 1),
            "KiB",
        )
    )
    for label, cost in found.get("view_costs", {}).items():
        charts = sum(cost["images_ms"].values())
        out.append(
            figure(f"{db}: CPU of a {label} view, page alone", round(cost["page_ms"], 1), "ms")
        )
        out.append(
            figure(
                f"{db}: CPU of a {label} view with its charts",
                round(cost["page_ms"] + charts, 1),
                "ms",
            )
        )
    for label in ("floor", *BUSY):
        out.append(
            figure(
                f"{db}: queries per view, {label}", found["queries"][label]["queries"], "queries"
            )
        )
    out.append(
        figure(
            f"{db}: 1-minute load average after each wrk run, mean",
            round(statistics.mean(r["load_after"] for r in found["runs"]), 2),
            "runnable processes",
        )
    )
    return out


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
    }
    with contextlib.suppress(OSError):
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.+)", cpu).group(1)  # type: ignore[union-attr]
        mem = Path("/proc/meminfo").read_text()
        info["ram_gib"] = round(int(re.search(r"MemTotal:\s*(\d+)", mem).group(1)) / 2**20, 1)  # type: ignore[union-attr]
        info["debian"] = Path("/etc/debian_version").read_text().strip()
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--couples", type=int, default=int(env_default("BENCH_COUPLES", "10000")))
    parser.add_argument("--seconds", type=int, default=int(env_default("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", default=env_default("BENCH_CONNECTIONS", "16,64"))
    parser.add_argument("--backends", default=env_default("BENCH_BACKENDS", "sqlite,postgresql"))
    parser.add_argument("--repeat", type=int, default=20, help="requests per page, growth test")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept SQLite database")
    parser.add_argument(
        "--from-details", action="store_true", help="only redo the figures from the last run"
    )
    args = parser.parse_args()
    args.connections = [int(c) for c in str(args.connections).split(",")]
    if args.from_details:
        for backend in args.backends.split(","):
            found = json.loads((OUT / f"http-{backend}.json").read_text())
            path = record(f"http-{backend}", figures_of(found))
        print(f"written to {path}")
        return 0
    if not Path(WRK).exists():
        raise SystemExit("wrk is not installed: apt-get install wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    details = {"machine": machine(), "seconds_per_run": args.seconds}
    for backend in args.backends.split(","):
        found = bench_database(backend, args)
        (OUT / f"http-{backend}.json").write_text(json.dumps({**details, **found}, indent=1) + "\n")
        path = record(f"http-{backend}", figures_of(found))
        print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
