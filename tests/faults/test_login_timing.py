"""T12, T29 with the production password hasher: lockout, and timing that does not tell who exists.

The default suite uses a fast hasher; here the real Argon2id hasher runs, so both the lockout
and the time a wrong login takes are what a deployment shows. An unknown address must take as
long as a known one with a wrong password (Django hashes the attempt either way), and must be
locked out after the same number of tries, so neither the clock nor the lockout tells an
attacker which addresses have accounts.
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from interdepend.web.accounts.services import user_create
from tests.faults.slowmail import DELAY

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REAL_HASHERS = [
    "interdepend.web.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
PASSWORD = "a long and real password"
SAMPLES = 25


@pytest.fixture
def real_hasher(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = REAL_HASHERS


def _login(client: Client, email: str, password: str, address: str) -> tuple[int, float]:
    began = time.perf_counter()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )
    return response.status_code, time.perf_counter() - began


def test_lockout_with_the_real_hasher(real_hasher: None) -> None:
    owner = user_create(email="owner@example.test", password=PASSWORD, display_name="O")
    assert owner.password.startswith("argon2$argon2id$")
    limit = settings.AXES_FAILURE_LIMIT
    attacker = Client()
    statuses = [
        _login(attacker, "owner@example.test", "wrong guess!", "10.0.0.66")[0]
        for _ in range(limit + 2)
    ]
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    refused = _login(attacker, "owner@example.test", PASSWORD, "10.0.0.66")[0]
    assert refused == 429, "the right password from the locked address is refused too"
    victim = Client()
    assert _login(victim, "owner@example.test", PASSWORD, "10.0.0.7")[0] == 302
    ghost = [
        _login(Client(), "nobody@example.test", "wrong guess!", "10.0.0.67")[0]
        for _ in range(limit + 1)
    ]
    assert ghost[-1] == 429, "an unknown address is locked out just like a known one"
    print(
        f"\nT12 real hasher: locked at {limit} failures (known and unknown alike); "
        "the owner from another address logged in; 0 victim lock-outs"
    )


def test_wrong_logins_take_as_long_for_unknown_as_for_known(real_hasher: None) -> None:
    user_create(email="known@example.test", password=PASSWORD, display_name="K")
    client = Client()
    _login(client, "known@example.test", "warm-up guess", "10.1.0.1")
    known: list[float] = []
    unknown: list[float] = []
    for n in range(SAMPLES):
        # a fresh address per try keeps the lockout out of the measurement
        known.append(_login(client, "known@example.test", "wrong guess!", f"10.2.{n}.1")[1])
        unknown.append(_login(client, f"ghost{n}@example.test", "wrong guess!", f"10.3.{n}.1")[1])
    k, u = statistics.median(known), statistics.median(unknown)
    ratio = u / k
    print(
        f"\nT12 timing: median wrong login {k * 1000:.0f} ms for a known account, "
        f"{u * 1000:.0f} ms for an unknown one (ratio {ratio:.2f}, {SAMPLES} each)"
    )
    assert 0.75 < ratio < 1.33


def _timed_post(name: str, form: dict[str, str]) -> float:
    began = time.perf_counter()
    response = Client().post(reverse(name), form)
    assert response.status_code == 302
    return time.perf_counter() - began


def _known_over_unknown(label: str, name: str, form: dict[str, str], known: str) -> float:
    """Median time for a new address over that for a known one, the two interleaved so a
    machine that slows down part way taxes both paths alike."""
    _timed_post(name, {**form, "email": "warm-up@example.test"})
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(SAMPLES):
        times["known"].append(_timed_post(name, {**form, "email": known}))
        times["unknown"].append(_timed_post(name, {**form, "email": f"new{n}@example.test"}))
    k, u = (statistics.median(times[path]) for path in ("known", "unknown"))
    print(
        f"\nT29 {label}: median {k * 1000:.0f} ms for a known address, "
        f"{u * 1000:.0f} ms for a new one (ratio {u / k:.2f}, {SAMPLES} each)"
    )
    return u / k


def test_signups_take_as_long_for_known_as_for_unknown_addresses(
    real_hasher: None, settings: Settings
) -> None:
    """T29: the password is hashed and one message sent on both paths."""
    settings.ADDRESS_MAIL_LIMIT = settings.ADDRESS_MAIL_DAILY_LIMIT = 10 * SAMPLES
    user_create(email="taken@example.test", password=PASSWORD, display_name="T")
    form = {"display_name": "Sam", "password": "another long passphrase"}
    ratio = _known_over_unknown("sign-up timing", "accounts:signup", form, "taken@example.test")
    assert 0.75 < ratio < 1.33


def test_resets_take_as_long_for_known_as_for_unknown_addresses(settings: Settings) -> None:
    """T29: with a mail server that takes real time, both paths send one message."""
    settings.ADDRESS_MAIL_LIMIT = settings.ADDRESS_MAIL_DAILY_LIMIT = 10 * SAMPLES
    settings.EMAIL_BACKEND = "tests.faults.slowmail.SlowBackend"
    user_create(email="known@example.test", password=PASSWORD, display_name="K")
    label = f"reset timing (mail takes {DELAY * 1000:.0f} ms)"
    ratio = _known_over_unknown(label, "accounts:password_reset", {}, "known@example.test")
    assert 0.75 < ratio < 1.33
