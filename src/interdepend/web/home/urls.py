from __future__ import annotations

from django.urls import path

from interdepend.web.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
]
