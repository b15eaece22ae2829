from __future__ import annotations

from django.urls import path

from interdepend.web.research import views

app_name = "research"

urlpatterns = [
    path("account/research/", views.consent, name="consent"),
    path("research/psychometrics/", views.psychometrics, name="psychometrics"),
]
