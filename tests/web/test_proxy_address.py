"""Behind a balancer, each client keeps its own address: the partner failing to sign in as the
owner through the same balancer locks out only himself (T12 holds with several app servers)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.test.client import RequestFactory
from django.urls import reverse

from interdepend.web.frame.proxy import ProxiedClientMiddleware, client_address
from tests.conftest import PASSWORD, Personas

BALANCER = "10.0.0.2"


@pytest.mark.parametrize(
    ("header", "proxies", "client"),
    [
        ("198.51.100.7", 1, "198.51.100.7"),
        ("203.0.113.66, 198.51.100.7", 1, "198.51.100.7"),  # the leftmost is the client's word
        ("203.0.113.66, 198.51.100.7, 10.0.0.9", 2, "198.51.100.7"),
        ("2001:db8::1", 1, "2001:db8::1"),
        ("", 1, None),
        ("198.51.100.7", 2, None),  # fewer hops than proxies: not from our proxies
        ("not-an-address", 1, None),
        ("198.51.100.7", 0, None),
    ],
)
def test_the_client_is_the_address_our_outermost_proxy_saw(
    header: str, proxies: int, client: str | None
) -> None:
    assert client_address(header, proxies) == client


def seen_address(proxies: int, **meta: str) -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse()

    with override_settings(PROXY_COUNT=proxies):
        ProxiedClientMiddleware(view)(RequestFactory().get("/", **meta))  # type: ignore[arg-type]
    return seen[0]


def test_without_proxies_the_header_is_ignored() -> None:
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    assert seen_address(0, **forged) == "198.51.100.7"
    assert seen_address(1, **forged) == "203.0.113.66"
    assert seen_address(1, REMOTE_ADDR=BALANCER) == BALANCER


def login(client: Client, email: str, password: str, address: str) -> int:
    answer = client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=address,
    )
    return answer.status_code


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, PROXY_COUNT=1)
def test_a_lockout_through_the_balancer_holds_only_the_one_who_failed(
    personas: Personas,
) -> None:
    email = personas.alice.email
    partner = Client()
    for _ in range(3):
        login(partner, email, "not the password", "198.51.100.7")
    assert login(partner, email, PASSWORD, "198.51.100.7") == 429
    assert login(Client(), email, PASSWORD, "203.0.113.20") == 302  # the owner, elsewhere
