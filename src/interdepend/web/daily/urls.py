from __future__ import annotations

from django.urls import path

from interdepend.web.daily import views

app_name = "daily"

urlpatterns = [
    path("", views.today, name="today"),
    path("past/", views.past, name="past"),
    path("talk-it-through/", views.talk_it_through, name="talk_it_through"),
    path("<pid:answer_id>/talk/", views.talk, name="talk"),
    path("talk/<pid:item_id>/", views.talked, name="talked"),
]
