from django.urls import path

from . import views

app_name = "classrooms"
urlpatterns = [
    path("join/", views.classroom_join, name="join"),
    path("<int:pk>/code/", views.join_code_reset, name="reset_code"),
    path("<int:pk>/students/<int:user_pk>/remove/", views.student_remove, name="remove_student"),
]
