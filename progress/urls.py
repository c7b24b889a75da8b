from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("classes/<int:pk>/", views.classroom_detail, name="classroom"),
]
