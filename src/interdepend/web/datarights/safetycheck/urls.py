from __future__ import annotations

from django.urls import path

from interdepend.web.datarights.safetycheck import views

app_name = "safetycheck"

urlpatterns = [
    path("", views.index, name="index"),
    path("partner/", views.unlink, name="unlink"),
    path("results/", views.results, name="results"),
    path("entry/", views.entry, name="entry"),
    path("check-in/", views.checkin, name="checkin"),
    path("today/", views.daily, name="daily"),
    path("invitations/", views.invitations, name="invitations"),
    path("scope/", views.scope, name="scope"),
    path("practitioner/", views.practitioner, name="practitioner"),
    path("research/", views.research, name="research"),
    path("device/", views.session, name="session"),
    path("devices/", views.sessions, name="sessions"),
    path("reset/", views.reset, name="reset"),
    path("reset/ask/", views.reset_ask, name="reset_ask"),
]
