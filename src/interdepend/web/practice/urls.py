from __future__ import annotations

from django.urls import path

from interdepend.web.practice import views

app_name = "practice"

urlpatterns = [
    # The practitioner's side.
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("invite/", views.invite, name="invite"),
    path("invitation/", views.invitation, name="invitation"),
    path("invite/<pid:invitation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("clients/<pid:link_id>/", views.client, name="client"),
    path("clients/<pid:link_id>/map.svg", views.client_map, name="client_map"),
    path("clients/<pid:link_id>/trends.svg", views.client_trends, name="client_trends"),
    path("clients/<pid:link_id>/couple.svg", views.couple_map, name="couple_map"),
    path("clients/<pid:link_id>/couple.pdf", views.couple_report, name="couple_report"),
    path(
        "clients/<pid:link_id>/trends/numbers/",
        views.client_trends_numbers,
        name="client_trends_numbers",
    ),
    path("clients/<pid:link_id>/couple/numbers/", views.couple_numbers, name="couple_numbers"),
    # The client's side.
    path("mine/", views.mine, name="mine"),
    path("mine/<pid:link_id>/consent/", views.consent, name="consent"),
    path("mine/<pid:link_id>/end/", views.end, name="end"),
    path("mine/log/", views.log, name="log"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_link, name="join_link"),
    path("accept/", views.accept, name="accept"),
]
