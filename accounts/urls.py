from django.urls import path

from . import account_views, mfa_views, oidc, views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("sso/", views.sso_start, name="sso_start"),
    path("sso/<slug:council_slug>/", views.sso_council, name="sso_council"),
    path(
        "council-sign-in/<slug:council_slug>/",
        views.council_sign_in_needed,
        name="council_sign_in_needed",
    ),
    # The address each council registers with its provider (allauth's name for it).
    path(
        "oidc/<slug:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path("second-factor/", mfa_views.second_factor_code, name="second_factor_code"),
    path("second-factor/set-up/", mfa_views.second_factor_setup, name="second_factor_setup"),
    path(
        "second-factor/recovery-codes/",
        mfa_views.second_factor_recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path("your-account/", account_views.your_account, name="your_account"),
    path("confirm-it-is-you/", account_views.confirm_identity, name="confirm_identity"),
    path(
        "second-factor/recovery-codes/new/",
        account_views.recovery_codes_new,
        name="second_factor_recovery_codes_new",
    ),
    path("second-factor/off/", account_views.second_factor_off, name="second_factor_off"),
    path("forgotten-password/", views.forgotten_password, name="forgotten_password"),
    path("forgotten-password/sent/", views.forgotten_password_sent, name="forgotten_password_sent"),
]
