"""The URL map. Every pattern here must have a row in tests/security/policy.py.

Django finds a page by trying each pattern in turn. The sections under an address of their own
(``us/``, ``together/`` …) come first, and one whose address does not start the path is passed
over with one comparison (:class:`Section`); the applications mounted at the root, whose
patterns must each be tried, come after them. With those first, every page of a section tried
the root's 56 patterns before its own: 90-150 µs of every page under ``us/``, ``together/``,
``me/…`` and ``practice/``. No address is under both a section and the root
(``tests/web/test_urls.py``), so the order changes no page.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLResolver, include, path, register_converter

from interdepend.web.frame.publicid import PublicIdConverter

register_converter(PublicIdConverter, "pid")


class Section(URLResolver):
    """An application under a fixed address: a path outside it is passed over without the
    exception Django raises and catches for it, with the same record of what was tried."""

    def resolve(self, path: Any) -> Any:
        if not str(path).startswith(self.prefix):
            return None  # Django's resolver then notes this pattern as tried, as for its 404
        return super().resolve(path)

    @property
    def prefix(self) -> str:
        return str(self.pattern)


def section(route: str, module: str) -> Section:
    found = path(route, include(module))
    assert isinstance(found, URLResolver) and "<" not in route  # a fixed address
    return Section(
        found.pattern, found.urlconf_name, found.default_kwargs, found.app_name, found.namespace
    )


urlpatterns: list[Any] = [
    section("us/couple/", "interdepend.web.couple.urls"),
    section("us/", "interdepend.web.partners.urls"),
    section("me/assessment/", "interdepend.web.assessment.urls"),
    section("together/", "interdepend.web.together.urls"),
    section("decide/", "interdepend.web.decide.urls"),
    section("today/", "interdepend.web.daily.urls"),
    section("me/journal/", "interdepend.web.journal.urls"),
    section("me/sharing/", "interdepend.web.datarights.safetycheck.urls"),
    section("practice/", "interdepend.web.practice.urls"),
    # At the root: each of their patterns is tried in turn.
    path("", include("interdepend.web.home.urls")),
    path("", include("interdepend.web.frame.urls")),
    path("", include("interdepend.web.accounts.urls")),
    path("", include("interdepend.web.research.urls")),
    path("", include("interdepend.web.datarights.urls")),
]

handler400 = "interdepend.web.frame.views.error_400"
handler404 = "interdepend.web.frame.views.error_404"
handler500 = "interdepend.web.frame.views.error_500"
