from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from classrooms.models import Classroom, Membership
from lessons.models import Course, Lesson, ReadingAssignment, ReadingProgress
from quizzes.models import Choice, Question, Quiz, QuizAssignment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("secret-pass-123")


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    name = factory.Sequence(lambda n: f"XI IPS {n + 1}")
    school_year = "2026/2027"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    classroom = factory.SubFactory(ClassroomFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.STUDENT

    @factory.post_generation
    def joined_at(membership, create, extracted, **kwargs):
        """In the class since the start of the term unless told otherwise: work due before a
        student joined is not expected of them (`ReadingAssignment.state`)."""
        if create:
            membership.joined_at = extracted or timezone.now() - timedelta(days=120)
            Membership.objects.filter(pk=membership.pk).update(joined_at=membership.joined_at)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Kursus {n}")
    slug = factory.Sequence(lambda n: f"kursus-{n}")
    overview = "Pengantar kursus."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Pelajaran {n}")
    slug = factory.Sequence(lambda n: f"pelajaran-{n}")
    position = factory.Sequence(lambda n: n)
    body = "Kerjasama internasional adalah bentuk kolaborasi antarnegara."


class ReadingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingAssignment

    classroom = factory.SubFactory(ClassroomFactory)
    lesson = factory.SubFactory(LessonFactory)
    course = factory.LazyAttribute(lambda o: o.lesson.course if o.lesson else CourseFactory())
    due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


class ReadingProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadingProgress

    user = factory.SubFactory(UserFactory)
    lesson = factory.SubFactory(LessonFactory)
    first_opened_at = factory.LazyFunction(timezone.now)
    last_opened_at = factory.LazyFunction(timezone.now)


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Kuis {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n)
    type = Question.Type.SINGLE
    text = factory.Sequence(lambda n: f"Pertanyaan {n}?")
    points = Decimal(1)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Pilihan {n}")
    fraction = Decimal(0)


class QuizAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizAssignment

    classroom = factory.SubFactory(ClassroomFactory)
    quiz = factory.SubFactory(QuizFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))


def make_question(quiz, kind, *, points=1, position=None, **extra):
    """A question of each type with a known key, as tests need them.

    single/true_false: the first choice is right. multiple: the first two are right (50 % each),
    the third costs 50 %. short: "PBB" and "Perserikatan Bangsa-Bangsa". numerical: 190 ± 5.
    matching: three pairs and one distractor answer.
    """
    question = QuestionFactory(
        quiz=quiz,
        type=kind,
        points=Decimal(points),
        **({"position": position} if position is not None else {}),
        **extra,
    )
    rows = {
        "single": [("Benar", "", 1), ("Salah satu", "", 0), ("Lainnya", "", 0)],
        "true_false": [("Benar", "", 1), ("Salah", "", 0)],
        "multiple": [("A", "", 0.5), ("B", "", 0.5), ("C", "", -0.5), ("D", "", 0)],
        "short": [("PBB", "", 1), ("Perserikatan Bangsa-Bangsa", "", 1)],
        "matching": [
            ("NATO", "keamanan", 0),
            ("WTO", "perdagangan", 0),
            ("UNESCO", "pendidikan", 0),
            ("", "pariwisata", 0),
        ],
        "essay": [],
    }
    if kind == "numerical":
        ChoiceFactory(
            question=question,
            text="190",
            value=Decimal(190),
            tolerance=Decimal(5),
            fraction=Decimal(1),
        )
    for text, match, fraction in rows.get(kind, []):
        ChoiceFactory(question=question, text=text, match=match, fraction=Decimal(str(fraction)))
    return question
