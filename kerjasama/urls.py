from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts import views as account_views
from accounts.forms import AdminLoginForm, PasswordChangeForm

from . import views

admin.site.site_header = _("Kerjasama Classroom administration")
admin.site.site_title = _("Kerjasama Classroom administration")
admin.site.login_form = AdminLoginForm


urlpatterns = [
    path("", include("progress.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("accounts.urls")),
    path("classes/", include("classrooms.urls")),
    path("courses/", include("lessons.urls")),
    path("quizzes/", include("quizzes.urls")),
    # One password change, throttled like signing in (the admin's own form is not).
    path("admin/password_change/", RedirectView.as_view(pattern_name="password_change")),
    path("admin/", admin.site.urls),
]
