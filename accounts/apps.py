from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and signing in"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the settings check)
        from .sso_adapter import remember_provider

        user_logged_in.connect(remember_provider, dispatch_uid="accounts.remember_provider")
