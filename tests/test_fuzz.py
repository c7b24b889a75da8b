"""Every URL of the app (the admin aside) takes generated junk by POST: never a 500, and never a
changed owner or a forged score.

The endpoints come from the URL resolver through the authorization matrix (a new URL without a
matrix row already fails `test_every_url_is_in_the_matrix`), so a new endpoint is fuzzed too.
Each endpoint is posted to by the first of anonymous, student, teacher, staff that may use it,
with the field names its own form shows (or the form that posts to it) plus fields nobody should
be able to set, sometimes asking for JSON as the quiz page's autosave does.
"""

import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from classrooms.models import Membership
from quizzes.models import Attempt, AttemptQuestion, Quiz

from . import test_authorization as authorization

world = authorization.world  # the same objects as the authorization matrix

ACTORS = ["anonymous", "student", "teacher", "staff"]
# POST-only endpoints: the page whose form posts to them, and who opens it.
FORM_PAGES = {
    "quizzes:answer": ("quizzes:attempt", "student"),
    "quizzes:submit": ("quizzes:attempt", "student"),
}
# Endpoints whose whole purpose is to score (answers are graded as saved, a teacher grades).
SCORING = {"quizzes:answer", "quizzes:submit", "quizzes:grade", "quizzes:regrade"}
# Fields nobody may set through a form: scores, owners, roles, privileges.
FORGED = [
    "score",
    "max_score",
    "points",
    "student",
    "student_id",
    "user",
    "user_id",
    "owner",
    "created_by",
    "classroom",
    "role",
    "state",
    "is_staff",
    "is_superuser",
    "id",
    "pk",
]

ENDPOINTS = sorted(name for name in authorization.url_names() if name != "admin:index")


def actor_for(name):
    _method, _kwargs, expected = authorization.MATRIX[name]
    for role in ACTORS:
        if expected[authorization.ROLES.index(role)] in (200, 302, 400):
            return role
    return "staff"


junk_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10).map(lambda s: s + "\x00"),
    st.integers(min_value=1, max_value=200).map(lambda n: "ꦏ" * n * 50),  # Javanese, long
    st.sampled_from(["", " ", "0", "-1", "1e400", "nan", "inf", "99999999999999999999", "true"]),
    # Too many digits for Python's int(), a digit that is not a decimal, Excel's line break,
    # and dates a database cannot store or add extra time to.
    st.sampled_from(["9" * 5000, "²", "a\x0bb", "0001-01-01T00:00", "9999-12-31T23:59"]),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.floats(allow_nan=True).map(str),
)


def form_fields(html: str) -> list[str]:
    names = re.findall(r'<(?:input|select|textarea|button)[^>]*\bname="([^"]+)"', html)
    return sorted({n for n in names if n != "csrfmiddlewaretoken"})


def snapshot():
    return {
        "attempt_owners": set(Attempt.objects.values_list("pk", "student_id", "assignment_id")),
        "max_scores": set(Attempt.objects.values_list("pk", "max_score")),
        "quiz_owners": set(Quiz.objects.values_list("pk", "created_by_id")),
        "memberships": set(Membership.objects.values_list("classroom_id", "user_id", "role")),
        "privileges": set(User.objects.values_list("pk", "is_staff", "is_superuser")),
        "scores": set(Attempt.objects.values_list("pk", "score"))
        | set(AttemptQuestion.objects.values_list("pk", "score")),
    }


def check_invariants(name, actor, before, after):
    def kept(key):  # rows may be deleted by the endpoint, never handed to someone else
        ids = {row[0] for row in after[key]}
        return {row for row in before[key] if row[0] in ids} == after[key] - {
            row for row in after[key] if row[0] not in {r[0] for r in before[key]}
        }

    assert kept("attempt_owners"), name
    assert kept("quiz_owners"), name
    assert kept("max_scores"), name
    new_quizzes = {row for row in after["quiz_owners"] if row not in before["quiz_owners"]}
    assert all(owner == getattr(actor, "pk", 0) for _pk, owner in new_quizzes), name
    assert after["privileges"] == before["privileges"], name
    gained = after["memberships"] - before["memberships"]
    assert all(user == getattr(actor, "pk", 0) for _c, user, _role in gained), name
    assert all(role == Membership.Role.STUDENT for _c, _u, role in gained), name
    if name not in SCORING:
        assert after["scores"] == before["scores"], name
    for attempt in Attempt.objects.all():
        scores = [s for s in attempt.questions.values_list("score", flat=True) if s is not None]
        assert all(score >= 0 for score in scores), (name, attempt.pk)
        assert sum(scores, Decimal(0)) <= attempt.max_score, (name, attempt.pk)
        if attempt.score is not None:
            assert Decimal(0) <= attempt.score <= attempt.max_score, (name, attempt.pk)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_post_endpoints_survive_junk(client, world, name):
    _method, kwargs, _expected = authorization.MATRIX[name]
    role = actor_for(name)
    actor = world["users"][role]
    url = reverse(name, kwargs={key: world["values"][value] for key, value in kwargs.items()})
    page, page_role = FORM_PAGES.get(name, (name, role))
    page_url = reverse(page, kwargs={k: world["values"][v] for k, v in kwargs.items()})
    if world["users"][page_role] is not None:
        client.force_login(world["users"][page_role])
    fields = form_fields(client.get(page_url).content.decode(errors="replace"))
    if name == "quizzes:grade":
        answer = world["values"]["essay_answer"]
        fields += [f"a{answer}-points", f"a{answer}-comment"]
    ids = [str(user.pk) for user in world["users"].values() if user is not None]
    value = st.one_of(junk_text, st.sampled_from(ids))
    data = st.dictionaries(
        st.sampled_from(fields + FORGED),
        st.one_of(value, st.lists(value, min_size=2, max_size=3)),
        max_size=len(fields) + 4,
    )

    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=data, json=st.booleans())
    def post_junk(data, json):
        with transaction.atomic():
            client.logout()
            if actor is not None:
                client.force_login(actor)
            before = snapshot()
            headers = {"Accept": "application/json"} if json else {}
            # An exception in the view fails the test right here (the client re-raises it).
            response = client.post(url, data, headers=headers)
            assert response.status_code < 500, (name, data)
            check_invariants(name, actor, before, snapshot())
            transaction.set_rollback(True)  # every example starts from the same world

    post_junk()
