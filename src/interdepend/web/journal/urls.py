from __future__ import annotations

from django.urls import path

from interdepend.web.journal import views

app_name = "journal"

urlpatterns = [
    path("", views.home, name="home"),
    path("write/", views.write, name="write"),
    path("shared-with-you/", views.shared, name="shared"),
    path("<pid:entry_id>/", views.entry, name="entry"),
    path("<pid:entry_id>/edit/", views.edit, name="edit"),
    path("<pid:entry_id>/delete/", views.delete, name="delete"),
    path("<pid:entry_id>/share/", views.share, name="share"),
]
