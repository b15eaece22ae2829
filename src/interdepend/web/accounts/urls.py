from __future__ import annotations

from django.urls import path

from interdepend.web.accounts import language, passkey_views, twostep_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/second-step/", twostep_views.second_step, name="second_step"),
    path(
        "login/second-step/passkey-options/",
        passkey_views.second_step_options,
        name="second_step_options",
    ),
    path("logout/", views.logout_view, name="logout"),
    path("account/two-step/", twostep_views.two_step_page, name="two_step"),
    path("account/two-step/start/", twostep_views.two_step_start, name="two_step_start"),
    path("account/two-step/confirm/", twostep_views.two_step_confirm, name="two_step_confirm"),
    path("account/two-step/new-codes/", twostep_views.two_step_new_codes, name="two_step_codes"),
    path("account/two-step/off/", twostep_views.two_step_off, name="two_step_off"),
    path(
        "account/two-step/passkeys/options/",
        passkey_views.passkey_add_options,
        name="passkey_add_options",
    ),
    path("account/two-step/passkeys/add/", passkey_views.passkey_add, name="passkey_add"),
    path(
        "account/two-step/passkeys/<pid:public_id>/remove/",
        passkey_views.passkey_remove,
        name="passkey_remove",
    ),
    path("language/", language.language_choose, name="language"),
    path("account/", views.settings_page, name="settings"),
    path("account/home-screen/", views.home_screen_change, name="home_screen"),
    path("account/quick-exit-keys/", views.quick_exit_keys_change, name="quick_exit_keys"),
    path("account/still-here/", views.still_here, name="still_here"),
    path("account/stepped-away/", views.stepped_away, name="stepped_away"),
    path("account/time-zone/", views.time_zone_change, name="time_zone"),
    path("account/notifications/", views.push_choices, name="push_choices"),
    path("account/notifications/on/", views.push_subscribe, name="push_subscribe"),
    path("account/notifications/off/", views.push_unsubscribe, name="push_unsubscribe"),
    path(
        "account/notifications/off-everywhere/",
        views.push_stop_everywhere,
        name="push_stop_everywhere",
    ),
    path("account/confirm/", views.confirm, name="confirm"),
    path("account/carry-on/", views.carry_on, name="carry_on"),
    path("account/confirm/passkey-options/", passkey_views.confirm_options, name="confirm_options"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/details/", views.details_change, name="details"),
    path("account/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("account/sessions/", views.sessions_page, name="sessions"),
    path("account/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
    path("account/sessions/end-all/", views.sessions_end_all, name="sessions_end_all"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
