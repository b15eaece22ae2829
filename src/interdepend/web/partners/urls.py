from __future__ import annotations

from django.urls import path

from interdepend.web.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.us, name="us"),
    path("invite/", views.invite, name="invite"),
    path("invitation/", views.invitation, name="invitation"),
    path("invite/<pid:invitation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_link, name="join_link"),
    path("respond/", views.respond, name="respond"),
    path("leave/", views.leave, name="leave"),
]
