from __future__ import annotations

from django.urls import path

from interdepend.web.frame import views

app_name = "frame"

urlpatterns = [
    path("safety/", views.safety, name="safety"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("continue/", views.unlock, name="unlock"),
    path("exit/understood/", views.quick_exit_note, name="quick_exit_note"),
    # At the root, so the worker's scope is the whole site and the manifest sits beside it.
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
