from __future__ import annotations

from django.urls import path

from interdepend.web.decide import views

app_name = "decide"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<pid:decision_id>/", views.detail, name="detail"),
]
