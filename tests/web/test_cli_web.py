"""The web half of the CLI: argument checking and the gunicorn command line."""

from __future__ import annotations

import argparse

import pytest

from interdepend.cli import build_parser, main
from interdepend.cli.web import gunicorn_argv


def test_serve_builds_a_gunicorn_command_without_control_socket() -> None:
    args = build_parser().parse_args(["serve", "--port", "8123"])
    argv = gunicorn_argv(args)
    assert "127.0.0.1:8123" in argv and "--no-control-socket" in argv
    assert argv[1] == "interdepend.web.wsgi:application"


def test_serve_rejects_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out


def test_gunicorn_argv_uses_requested_workers() -> None:
    args = argparse.Namespace(host="127.0.0.1", port=9000, workers=3)
    assert gunicorn_argv(args)[gunicorn_argv(args).index("--workers") + 1] == "3"
