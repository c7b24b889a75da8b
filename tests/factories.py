import factory
from django.utils import timezone

from accounts.models import User
from classrooms.models import Classroom, Membership
from lessons.models import Course, Lesson, ReadingAssignment, ReadingProgress


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

    classroom = factory.SubFactory(ClassroomFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.STUDENT


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
