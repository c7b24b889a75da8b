from django.urls import path

from .views import authoring, gift, taking, teaching

app_name = "quizzes"
urlpatterns = [
    # Writing quizzes (teachers)
    path("", authoring.quiz_list, name="list"),
    path("new/", authoring.quiz_create, name="create"),
    path("<int:pk>/", authoring.quiz_detail, name="detail"),
    path("<int:pk>/edit/", authoring.quiz_update, name="update"),
    path("<int:pk>/delete/", authoring.quiz_delete, name="delete"),
    path("<int:pk>/duplicate/", authoring.quiz_duplicate, name="duplicate"),
    path("<int:pk>/preview/", authoring.quiz_preview, name="preview"),
    path("<int:pk>/questions/new/<str:type>/", authoring.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", authoring.question_update, name="question_update"),
    path("questions/<int:pk>/delete/", authoring.question_delete, name="question_delete"),
    path("questions/<int:pk>/duplicate/", authoring.question_duplicate, name="question_duplicate"),
    path("questions/<int:pk>/move/", authoring.question_move, name="question_move"),
    # Assigning, following and grading (teachers)
    path("<int:pk>/assign/", teaching.assignment_create, name="assign"),
    path("<int:pk>/regrade/", teaching.quiz_regrade, name="regrade"),
    path("assignments/<int:pk>/results/", teaching.assignment_results, name="results"),
    path("assignments/<int:pk>/edit/", teaching.assignment_update, name="assignment_update"),
    path("assignments/<int:pk>/delete/", teaching.assignment_delete, name="assignment_delete"),
    path(
        "assignments/<int:pk>/accommodations/",
        teaching.accommodation_list,
        name="accommodations",
    ),
    path("assignments/<int:pk>/grading/", teaching.grading_queue, name="grading"),
    path("answers/<int:pk>/grade/", teaching.answer_grade, name="grade"),
    # Taking quizzes (students)
    path("assignments/<int:pk>/", taking.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/start/", taking.attempt_start, name="start"),
    path("attempts/<int:pk>/", taking.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/answers/", taking.answer_save, name="answer"),
    path("attempts/<int:pk>/submit/", taking.attempt_submit, name="submit"),
    path("attempts/<int:pk>/time/", taking.attempt_time, name="time"),
    # GIFT import and export, drafts from a course (teachers)
    path("<int:pk>/gift/import/", gift.gift_import, name="gift_import"),
    path("<int:pk>/gift/export/", gift.gift_export, name="gift_export"),
    path("drafts/<slug:slug>/", gift.quiz_draft, name="draft"),
]
