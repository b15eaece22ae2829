from __future__ import annotations

from django.urls import path

from interdepend.web.datarights import views

app_name = "datarights"

urlpatterns = [
    path("me/data/", views.index, name="index"),
    path("me/data/export/", views.export, name="export"),
    path("me/data/reset/", views.reset, name="reset"),
    path("me/data/reset/ask/", views.reset_ask, name="reset_ask"),
    # Deleting the account is the last data right; its address stays where it always was.
    path("account/delete/", views.delete_account, name="delete"),
]
