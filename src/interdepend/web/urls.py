"""The URL map. Every pattern here must have a row in tests/security/policy.py."""

from __future__ import annotations

from django.urls import include, path, register_converter

from interdepend.web.frame.publicid import PublicIdConverter

register_converter(PublicIdConverter, "pid")

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

handler400 = "interdepend.web.frame.views.error_400"
handler404 = "interdepend.web.frame.views.error_404"
handler500 = "interdepend.web.frame.views.error_500"
