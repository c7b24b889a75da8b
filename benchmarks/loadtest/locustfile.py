"""A class (or a school) taking a quiz at the same minute, through the real pages.

Each student signs in, opens the dashboard, reads the lesson, starts the assigned quiz, answers
every question with the same autosave requests the quiz page sends (one POST per question,
Accept: application/json), submits, and opens the result. One teacher reloads the gradebook
meanwhile. Every answer the server acknowledges is appended to $LOADTEST_ACKS, so verify.py can
check it was stored.

The timing follows a lesson, compressed: students arrive and sign in as Locust spawns them
(run.sh sets the spawn rate so all arrive within $LOADTEST_ARRIVE seconds); at the bell,
$LOADTEST_ARRIVE seconds after the first arrival, everyone opens the quiz and starts it within
$LOADTEST_START seconds; each answer takes a think time drawn from $LOADTEST_THINK ("1-3"
seconds); when the last student has answered, everyone hands in within $LOADTEST_SUBMIT seconds.
The start and hand-in moments are written to moments.txt beside $LOADTEST_ACKS, so report.py
can show how close together they really were. With LOADTEST_THINK=0 and the windows at 0 it
is a pure stress test.

Run by run.sh; the accounts come from seed.py ($LOADTEST_ACCOUNTS).
"""

import json
import os
import random
import re
import time
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, tag, task
from locust.exception import StopUser

ACCOUNTS = json.loads(
    Path(os.environ.get("LOADTEST_ACCOUNTS", "artifacts/loadtest/accounts.json")).read_text()
)
ACKS = os.environ.get("LOADTEST_ACKS", "artifacts/loadtest/acks.txt")
MOMENTS = Path(ACKS).with_name("moments.txt")
FORM = "application/x-www-form-urlencoded"
NEXT_STUDENT = count()
FINISHED = count(1)
STUDENTS = int(os.environ.get("LOADTEST_STUDENTS", len(ACCOUNTS["students"])))
ARRIVE = float(os.environ.get("LOADTEST_ARRIVE", 0))
START = float(os.environ.get("LOADTEST_START", 0))
SUBMIT = float(os.environ.get("LOADTEST_SUBMIT", 0))
THINK = [float(t) for t in os.environ.get("LOADTEST_THINK", "0").split("-")]
FIRST_ARRIVAL = []  # the time the first student arrived
ANSWERED = count(1)
ALL_ANSWERED = Event()  # the last student has answered: hand in
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELDSET = re.compile(
    r'<fieldset class="card mb-3 question"[^>]*data-position="(\d+)"(.*?)</fieldset>', re.S
)
INPUT = re.compile(r"<input([^>]*)>")
SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
TEXTAREA = re.compile(r'<textarea[^>]*name="(q\d+)"')
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def answers_of(html: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """Per question, the fields the page's script would send: one choice ticked, text typed."""
    questions = []
    for position, body in FIELDSET.findall(html):
        pairs, ticked = [("shown", position)], set()
        for raw in INPUT.findall(body):
            attrs = dict(ATTR.findall(raw))
            name, kind = attrs.get("name", ""), attrs.get("type")
            if not re.fullmatch(r"q\d+", name) or "disabled" in raw:
                continue
            if kind in ("radio", "checkbox"):
                if name not in ticked:
                    ticked.add(name)
                    pairs.append((name, attrs["value"]))
            elif kind == "text":
                pairs.append((name, "190" if attrs.get("inputmode") == "decimal" else "PBB"))
        for name, options in SELECT.findall(body):
            values = [v for v in re.findall(r'value="([^"]*)"', options) if v]
            if values:
                pairs.append((name, values[0]))
        for name in TEXTAREA.findall(body):
            pairs.append((name, "Kerjasama membuat negara-negara saling membantu."))
        questions.append((int(position), pairs))
    return questions


def log(line: str, path=ACKS) -> None:
    with open(path, "a") as file:
        file.write(line + "\n")


class Pages(FastHttpUser):
    abstract = True

    def send(self, method, url, *, name, expect=(200,), **kwargs):
        """One step, retried like a person reloading: a dropped connection or a 5xx is a failure
        in the figures, and the step is sent again (up to 4 times)."""
        for attempt in range(4):
            with self.client.request(
                method, url, name=name, catch_response=True, allow_redirects=False, **kwargs
            ) as response:
                if response.status_code in expect:
                    return response
                response.failure(f"{method} {name}: {response.status_code} (try {attempt + 1})")
            gevent.sleep(0.5)
        raise StopUser()

    def sign_in(self, username):
        page = self.send("GET", "/accounts/login/", name="1 login page")
        data = {
            "username": username,
            "password": ACCOUNTS["password"],
            "csrfmiddlewaretoken": self.token(page.text),
        }
        self.send("POST", "/accounts/login/", name="2 sign in", data=data, expect=(302,))

    def token(self, html):
        return TOKEN.search(html).group(1)


class Student(Pages):
    wait_time = constant(0)

    @tag("class")
    @task
    def take_the_quiz(self):
        try:
            account = ACCOUNTS["students"][next(NEXT_STUDENT)]
        except IndexError:
            raise StopUser() from None
        try:
            self.flow(account)
        finally:
            if next(FINISHED) >= STUDENTS:  # the last student is done: end the run
                gevent.spawn_later(2, self.environment.runner.quit)
        raise StopUser()

    def flow(self, account):
        if not FIRST_ARRIVAL:
            FIRST_ARRIVAL.append(time.time())
        log(f"{account['username']} arrive {time.time():.3f}", MOMENTS)
        try:
            self.sign_in(account["username"])
            self.send("GET", "/", name="3 dashboard")
            self.send("GET", f"/courses/{account['course']}/{account['lesson']}/", name="4 lesson")
            # The bell: the whole class (school) starts within START seconds.
            bell = FIRST_ARRIVAL[0] + ARRIVE + random.uniform(0, START)
            gevent.sleep(max(0, bell - time.time()))
            attempt_url, token = self.start_and_answer(account)
        finally:
            if next(ANSWERED) >= STUDENTS:
                ALL_ANSWERED.set()
        ALL_ANSWERED.wait(timeout=600)
        gevent.sleep(random.uniform(0, SUBMIT))  # everyone hands in within SUBMIT seconds
        self.send("GET", attempt_url + "submit/", name="9 submit page")
        log(f"{account['username']} submit {time.time():.3f}", MOMENTS)
        self.send(
            "POST",
            attempt_url + "submit/",
            name="10 submit",
            data={"csrfmiddlewaretoken": token},
            expect=(302,),
        )
        self.send("GET", attempt_url, name="11 result")

    def start_and_answer(self, account):
        assignment = f"/quizzes/assignments/{account['assignment']}/"
        page = self.send("GET", assignment, name="5 quiz page")
        log(f"{account['username']} start {time.time():.3f}", MOMENTS)
        start = self.send(
            "POST",
            assignment + "start/",
            name="6 start",
            data={"csrfmiddlewaretoken": self.token(page.text)},
            expect=(302,),
        )
        attempt_url = start.headers["Location"]
        take = self.send("GET", attempt_url, name="7 take page")
        token = self.token(take.text)
        for position, pairs in answers_of(take.text):
            gevent.sleep(random.uniform(*THINK) if len(THINK) == 2 else THINK[0])
            # The quiz page's autosave: one question per POST, JSON back, resent until "ok".
            response = self.send(
                "POST",
                attempt_url + "answers/",
                name="8 save answer",
                data=urlencode([*pairs, ("csrfmiddlewaretoken", token)]),
                headers={"Accept": "application/json", "Content-Type": FORM},
            )
            if response.json().get("ok"):
                log(f"{account['username']} {position}")
        return attempt_url, token


class Teacher(Pages):
    fixed_count = 1
    wait_time = between(2, 4)

    def on_start(self):
        self.sign_in(ACCOUNTS["teacher"])

    @tag("class")
    @task
    def gradebook(self):
        url = f"/classes/{ACCOUNTS['classrooms'][0]}/gradebook/"
        self.send("GET", url, name="gradebook (teacher)")


class Reader(FastHttpUser):
    """Throughput phase: the trivial page, or the lesson page for a signed-in student."""

    wait_time = constant(0)

    def on_start(self):
        # A session made by seed.py: signing in (a deliberately slow password hash) is not
        # what this phase measures.
        account = ACCOUNTS["students"][0]
        self.cookie = {"Cookie": f"sessionid={ACCOUNTS['reader_session']}"}
        self.lesson = f"/courses/{account['course']}/{account['lesson']}/"

    @tag("trivial")
    @task
    def trivial(self):
        self.client.get("/healthz", name="trivial (healthz)")

    @tag("signed_in")
    @task
    def signed_in(self):
        # The same trivial page with a student's session: what any signed-in request pays
        # (session and user) before its page does anything.
        self.client.get("/healthz", name="signed in (healthz)", headers=self.cookie)

    @tag("lesson")
    @task
    def lesson_page(self):
        with self.client.get(
            self.lesson, name="lesson page", headers=self.cookie, catch_response=True
        ) as response:
            # Bytes, not text: decoding the page would be Locust's work on the server's cores.
            if b"lesson-text" not in response.content:
                response.failure("not the lesson page (signed out?)")
