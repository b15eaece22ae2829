from __future__ import annotations

from django.urls import path

from interdepend.web.datarights import views

app_name = "datarights"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("reset/", views.reset, name="reset"),
]
