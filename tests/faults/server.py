"""A real Interdepend server on 127.0.0.1 for crash tests, and a small HTTP client for it.

The server is ``interdepend serve`` (gunicorn, 2 workers) with the production settings, its own
SQLite database in a temporary directory, started in its own process group so that ``kill -9``
reaches the master and every worker at once.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BIN = Path(sys.executable).parent
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, var_dir: Path, workers: int = 2) -> None:
        self.var_dir = var_dir
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "interdepend.web.settings",
            "INTERDEPEND_VAR_DIR": str(var_dir),
            "INTERDEPEND_HTTPS": "false",
            "INTERDEPEND_DEBUG": "false",
            "SECRET_KEY": "crash-test-secret-key-not-for-production-0123456789",
            "AXES_FAILURE_LIMIT": "1000",
        }

    @property
    def database(self) -> Path:
        return self.var_dir / "interdepend.sqlite3"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "interdepend"), "manage", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage {args[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, timeout: float = 60.0) -> float:
        """Start the server and wait until it answers; return the seconds it took."""
        began = time.monotonic()
        log = open(self.var_dir / "server.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                str(BIN / "interdepend"),
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        while time.monotonic() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                status, _, _ = self.request("GET", "/healthz")
                if status == 200:
                    return time.monotonic() - began
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("the server did not answer in time")

    def kill(self) -> None:
        """``kill -9`` the whole process group: master and workers, no chance to clean up."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
        timeout: float = 30.0,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Host": "127.0.0.1"}
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            payload = None
            if body is not None:
                payload = urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
            got = {k.lower(): v for k, v in response.getheaders()}
            set_cookies = response.headers.get_all("Set-Cookie") or []
            jar = SimpleCookie()
            for header in set_cookies:
                jar.load(header)
            got["_cookies"] = "\n".join(f"{k}={m.value}" for k, m in jar.items())
            return response.status, got, data
        finally:
            connection.close()


class Browserless:
    """One signed-in person talking to the server: cookies and the CSRF token."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def _absorb(self, headers: dict[str, str]) -> None:
        for line in headers.get("_cookies", "").splitlines():
            key, _, value = line.partition("=")
            if value:
                self.cookies[key] = value
            else:
                self.cookies.pop(key, None)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = self.server.request("GET", path, cookies=self.cookies)
        self._absorb(headers)
        return status, headers, body

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        token = self.cookies.get("csrftoken", "")
        status, headers, body = self.server.request(
            "POST", path, {"csrfmiddlewaretoken": token, **fields}, cookies=self.cookies
        )
        self._absorb(headers)
        return status, headers, body

    def login(self, email: str, password: str) -> None:
        self.get("/login/")
        status, headers, _ = self.post("/login/", {"username": email, "password": password})
        if status != 302 or "interdepend_session" not in self.cookies:
            raise RuntimeError(f"login failed for {email}: {status}")
