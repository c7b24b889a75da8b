from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("my-progress/", views.my_progress, name="mine"),
    path("school/", views.school_overview, name="school"),
    path("classes/<int:pk>/", views.classroom_detail, name="classroom"),
    path("classes/<int:pk>/gradebook/", views.classroom_gradebook, name="gradebook"),
    path(
        "classes/<int:pk>/gradebook.csv",
        views.classroom_gradebook_export,
        {"fmt": "csv"},
        name="gradebook_csv",
    ),
    path(
        "classes/<int:pk>/gradebook.xlsx",
        views.classroom_gradebook_export,
        {"fmt": "xlsx"},
        name="gradebook_xlsx",
    ),
    path("classes/<int:pk>/students/<int:user_pk>/", views.classroom_student, name="student"),
    path("readings/<int:pk>/report/", views.reading_report, name="reading"),
    path("quiz-results/<int:pk>/", views.quiz_report, name="quiz"),
    path(
        "quiz-results/<int:pk>/results.csv",
        views.quiz_report_export,
        {"fmt": "csv"},
        name="quiz_csv",
    ),
    path(
        "quiz-results/<int:pk>/results.xlsx",
        views.quiz_report_export,
        {"fmt": "xlsx"},
        name="quiz_xlsx",
    ),
]
