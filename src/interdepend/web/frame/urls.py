from __future__ import annotations

from django.urls import path

from interdepend.web.frame import views

app_name = "frame"

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
]
