"""The demo people as accounts: what every app's demo step is handed (see web/demo.py)."""

from __future__ import annotations

from dataclasses import dataclass

from interdepend.web.accounts.models import User
from interdepend.web.accounts.services import user_create


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    display_name: str


@dataclass(frozen=True)
class DemoPeople:
    maya: User
    jonah: User
    sam: User


def demo_person(account: DemoAccount) -> User:
    """The demo account's user, made the first time it is asked for."""
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = user_create(
            email=account.email,
            password=account.password,
            display_name=account.display_name,
            is_demo=True,
        )
    return user
