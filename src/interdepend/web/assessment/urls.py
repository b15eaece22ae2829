from __future__ import annotations

from django.urls import path

from interdepend.web.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("start/", views.start, name="start"),
    path("<pid:attempt_id>/page/<int:number>/", views.page, name="page"),
    path("<pid:attempt_id>/results/", views.results, name="results"),
    path("<pid:attempt_id>/left-out/", views.left_out, name="left_out"),
    path("<pid:attempt_id>/map.svg", views.result_map, name="map"),
    path("<pid:attempt_id>/report.pdf", views.result_report, name="report"),
]
