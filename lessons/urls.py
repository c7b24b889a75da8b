from django.urls import path

from . import views

app_name = "lessons"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("assignments/<int:pk>/edit/", views.assignment_update, name="assignment_update"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("<slug:slug>/", views.course_detail, name="course"),
    path("<slug:slug>/assign/", views.assignment_create, name="assign"),
    path("<slug:slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson"),
    path("<slug:slug>/<slug:lesson_slug>/finish/", views.lesson_finish, name="finish"),
]
