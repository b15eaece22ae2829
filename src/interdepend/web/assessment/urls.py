from __future__ import annotations

from django.urls import path

from interdepend.web.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("<int:attempt_id>/page/<int:number>/", views.page, name="page"),
    path("<int:attempt_id>/results/", views.results, name="results"),
    path("<int:attempt_id>/map.svg", views.result_map, name="map"),
    path("<int:attempt_id>/report.pdf", views.result_report, name="report"),
]
