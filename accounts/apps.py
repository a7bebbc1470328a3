from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and signing in"

    def ready(self):
        # These import models, which Django allows only once the app registry is ready.
        from allauth.account.signals import user_logged_in
        from django.contrib.auth.signals import user_logged_in as signed_in

        from . import checks  # noqa: F401  (registers the settings check)
        from .identity import stamp_at_sign_in
        from .sso_adapter import remember_provider

        user_logged_in.connect(remember_provider, dispatch_uid="accounts.remember_provider")
        signed_in.connect(stamp_at_sign_in, dispatch_uid="accounts.stamp_at_sign_in")
