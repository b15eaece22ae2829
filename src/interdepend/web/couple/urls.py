from __future__ import annotations

from django.urls import path

from interdepend.web.couple import views

app_name = "couple"

urlpatterns = [
    path("", views.couple_home, name="home"),
    path("reveal/", views.reveal, name="reveal"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("stop-sharing/", views.stop_sharing, name="stop_sharing"),
    path("perception/", views.perception, name="perception"),
    path("map.svg", views.couple_map, name="map"),
    path("report.pdf", views.couple_report, name="report"),
]
