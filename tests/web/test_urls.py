"""The URL map's order (``interdepend.web.urls``): the sections under an address of their own
first, each passed over with one comparison, then the applications at the root. Every address
leads where Django's resolver over the map in its former order led, and an unknown one is
refused with the same record of what was tried."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, URLResolver, get_resolver, include, path, resolve, reverse

from interdepend.web import urls
from tests.conftest import Personas
from tests.security.policy import POLICY

#: The map as it was written before (Django's own resolvers, the root's applications first).
urlpatterns = [
    path("", include("interdepend.web.home.urls")),
    path("", include("interdepend.web.frame.urls")),
    path("", include("interdepend.web.accounts.urls")),
    path("us/couple/", include("interdepend.web.couple.urls")),
    path("us/", include("interdepend.web.partners.urls")),
    path("me/assessment/", include("interdepend.web.assessment.urls")),
    path("together/", include("interdepend.web.together.urls")),
    path("decide/", include("interdepend.web.decide.urls")),
    path("today/", include("interdepend.web.daily.urls")),
    path("", include("interdepend.web.research.urls")),
    path("me/journal/", include("interdepend.web.journal.urls")),
    path("", include("interdepend.web.datarights.urls")),
    path("me/sharing/", include("interdepend.web.datarights.safetycheck.urls")),
    path("practice/", include("interdepend.web.practice.urls")),
]
FORMER = __name__


UNKNOWN = [
    "/nowhere/",
    "/about",  # without its slash: the common middleware's redirect asks first
    "/us/couple/nowhere/",
    "/together/goals/not-an-id/",
    "/me/",
    "/us",
    "/practice/../about/",
]


def _same(found: object, former: object) -> None:
    for name in ("func", "args", "kwargs", "url_name", "app_names", "namespaces", "route"):
        assert getattr(found, name) == getattr(former, name), name
    assert found.view_name == former.view_name  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_every_address_of_the_policy_leads_where_it_led(personas: Personas) -> None:
    checked = 0
    for name, row in POLICY.items():
        address = reverse(name, kwargs=row.kwargs(personas))
        _same(resolve(address), resolve(address, FORMER))
        checked += 1
    assert checked > 140


@pytest.mark.parametrize("address", UNKNOWN)
def test_an_unknown_address_is_refused_with_the_same_record(address: str) -> None:
    with pytest.raises(Resolver404) as ours:
        resolve(address)
    with pytest.raises(Resolver404) as former:
        resolve(address, FORMER)
    tried = {tuple(str(p.pattern) for p in line) for line in ours.value.args[0]["tried"]}
    assert tried == {tuple(str(p.pattern) for p in line) for line in former.value.args[0]["tried"]}


def test_no_address_is_under_both_a_section_and_the_root() -> None:
    sections = [p for p in urls.urlpatterns if isinstance(p, urls.Section)]
    root = [p for p in urls.urlpatterns if not str(p.pattern)]
    assert len(sections) == 9 and len(sections) + len(root) == len(urls.urlpatterns)
    for application in root:
        for pattern in application.url_patterns:
            route = str(pattern.pattern)
            assert not any(route.startswith(s.prefix) for s in sections), route


def test_a_section_passes_over_a_path_outside_it_without_an_exception() -> None:
    couple = next(p for p in get_resolver().url_patterns if str(p.pattern) == "us/couple/")
    assert isinstance(couple, urls.Section) and isinstance(couple, URLResolver)
    assert couple.resolve("about/") is None
    assert couple.resolve("us/couple/perception/").url_name == "perception"
