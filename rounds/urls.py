from django.urls import path

from . import views

app_name = "rounds"

urlpatterns = [
    path("<int:round_id>/", views.round_detail, name="detail"),
    path("<int:round_id>/outstanding.xlsx", views.round_outstanding, name="outstanding"),
    path(
        "<int:round_id>/updates/<int:update_id>/review/",
        views.update_review_view,
        name="review",
    ),
    path("<int:round_id>/publish/", views.round_publish_view, name="publish"),
    path("<int:round_id>/change/", views.round_change_view, name="change"),
    path("<int:round_id>/extend/", views.round_extend_view, name="extend"),
    path("<int:round_id>/withdraw/", views.round_withdraw_view, name="withdraw"),
    path(
        "<int:round_id>/emails/<uuid:message_id>/send-again/",
        views.round_message_again,
        name="message_again",
    ),
    path("<int:round_id>/files/", views.round_files_again, name="files_again"),
    path("<int:round_id>/files/<slug:kind>/", views.round_file, name="file"),
    # after the numbered routes, which "<council>/<plan>/" would otherwise swallow
    path("<slug:council_slug>/<slug:plan_slug>/", views.plan_rounds, name="plan"),
    path("<slug:council_slug>/<slug:plan_slug>/open/", views.round_open_view, name="open"),
]
