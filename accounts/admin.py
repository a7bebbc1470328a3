from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# allauth's tables are set on each council's sign-in page (accounts/sso_settings.py), whose
# checks the plain admin screens would bypass; second factors are a person's own secrets.
for model in (EmailAddress, SocialAccount, SocialApp, SocialToken, TOTPDevice, StaticDevice):
    admin.site.unregister(model)
