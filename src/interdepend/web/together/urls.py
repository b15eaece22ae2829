from __future__ import annotations

from django.urls import path

from interdepend.web.together import trends, views

app_name = "together"

urlpatterns = [
    path("", views.home, name="home"),
    path("goals/", views.goals, name="goals"),
    path("goals/<pid:goal_id>/", views.goal, name="goal"),
    path("goals/<pid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<pid:goal_id>/note/", views.goal_note, name="goal_note"),
    path("promises/", views.commitments, name="commitments"),
    path("promises/<pid:commitment_id>/mark/", views.commitment_mark, name="commitment_mark"),
    path("bids/", views.bids, name="bids"),
    path("bids/<pid:bid_id>/answer/", views.bid_answer, name="bid_answer"),
    path("boundaries/", views.boundaries, name="boundaries"),
    path("boundaries/<pid:boundary_id>/", views.boundary, name="boundary"),
    path("boundaries/<pid:boundary_id>/step/", views.boundary_act, name="boundary_act"),
    path("check-in/", views.checkin, name="checkin"),
    path("check-in/reminder/", views.reminder_toggle, name="reminder"),
    path("circle/", views.circle, name="circle"),
    path("circle/<pid:person_id>/seen/", views.circle_seen, name="circle_seen"),
    path("circle/<pid:person_id>/remove/", views.circle_remove, name="circle_remove"),
    path("trends/", trends.trends, name="trends"),
    path("trends/mine.svg", trends.mine_svg, name="mine_svg"),
    path("trends/balance.svg", trends.balance_svg, name="balance_svg"),
    path("trends/us.svg", trends.us_svg, name="us_svg"),
    path("trends/us-balance.svg", trends.us_balance_svg, name="us_balance_svg"),
    path("trends/carry-over.svg", trends.carryover_svg, name="carryover_svg"),
]
