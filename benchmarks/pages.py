"""Are the lesson and quiz pages light enough for a phone on a school connection?

    make bench-pages      # or: .venv/bin/python benchmarks/pages.py [--lighthouse] [--port 8051]

Starts the app as `make serve` does (gunicorn with kerjasama/gunicorn.conf.py, DEBUG off,
whitenoise, `check --deploy`) on 127.0.0.1 only, with a throwaway SQLite database seeded as
`make run` does (migrate, import_article, seed_demo --force) and static files collected into a
temporary STATIC_ROOT, so the checkout is left alone. Then, in Debian's Chromium driven by
Playwright, the demo student siswa1 signs in, and for the longest lesson and the take page of
a quiz attempt in progress it measures:

- the first view: a new browser context holding only siswa1's cookies (empty cache);
- the repeat view: the same page opened again in that context (warm cache).

Bytes are what Chromium's network layer received for each request: the sum of the Chrome
DevTools Protocol's Network.loadingFinished `encodedDataLength`, i.e. response headers plus the
body as sent (compressed), which is DevTools' "Transferred" column. Responses from the browser
cache count 0. Requests are counted as the page issues them (data: URLs aside), with how many
went to the network. Any request to a host other than 127.0.0.1, and any font loaded
(a Font resource, or a FontFace in document.fonts), is reported and fails the run.
Chromium treats 127.0.0.1 as a secure origin and asks for brotli, so static files come as
whitenoise's .br copies, as they would over HTTPS; a page sent uncompressed is flagged with
what it would weigh gzipped. -v lists every request.

With --lighthouse it also runs Lighthouse 12 (mobile preset, its default) on the lesson page,
the quiz take page and the teacher guru's gradebook, with the session passed as a Cookie header,
and prints Performance / Accessibility / Best practices / SEO. Lighthouse is installed on demand
into benchmarks/node_modules from benchmarks/package.json (`npm ci`), not with the project's
test tools. Reports land in artifacts/lighthouse/.

Exits 1 if a budget (or, with --lighthouse, a score aim) is missed. The server is always stopped.
"""

import argparse
import base64
import gzip
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "kerjasama-demo"
ARTICLE = "content/kerjasama-internasional.txt"
COURSE = "kerjasama-internasional"

KB = 1000  # budgets in kilobytes of 1,000 bytes (the stricter reading)
FIRST_VIEW_BUDGET = 100 * KB
REPEAT_VIEW_BUDGET = 15 * KB
LIGHTHOUSE_AIMS = {"performance": 95, "accessibility": 100}
LIGHTHOUSE_VERSION = "12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


# --- the server --------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            if width == 8:
                found.add(".".join(str(b) for b in raw[::-1]))
            else:
                words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
                found.add(b"".join(words).hex())
    return found


@contextmanager
def served_app(port: int):
    """gunicorn as `make serve` runs it, on a seeded throwaway database; stopped on exit."""
    work = Path(tempfile.mkdtemp(prefix="kerjasama-pages."))
    # The project's settings with only STATIC_ROOT moved (settings.py does not read it from
    # the environment), so collectstatic does not touch the checkout's staticfiles/.
    settings = f"from kerjasama.settings import *\nSTATIC_ROOT = {str(work / 'static')!r}\n"
    (work / "bench_settings.py").write_text(settings)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "BIND": f"{HOST}:{port}",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("DJANGO_DEBUG", "REDIS_URL", "SESSION_ENGINE", "GUNICORN_ACCESS_LOG"):
        env.pop(name, None)
    if listening_addresses(port):
        raise SystemExit(f"Port {port} is already in use; pick another with --port.")

    def run(*command):
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")

    server = None
    log_path = work / "gunicorn.log"
    try:
        print("== setup: compilemessages, check --deploy, migrate, collectstatic, seed", flush=True)
        run(BIN / "django-admin", "compilemessages", "--ignore=.venv", "--ignore=node_modules")
        run(BIN / "python", "manage.py", "check", "--deploy", "--fail-level", "ERROR")
        run(BIN / "python", "manage.py", "migrate", "--no-input")
        run(BIN / "python", "manage.py", "collectstatic", "--no-input")
        run(BIN / "python", "manage.py", "import_article", ARTICLE, "--slug", COURSE)
        run(BIN / "python", "manage.py", "seed_demo", "--force")
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    BIN / "gunicorn",
                    "kerjasama.wsgi:application",
                    "-c",
                    "kerjasama/gunicorn.conf.py",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # stopped below, whatever happens to this script
            )
        base = f"http://{HOST}:{port}"
        for _ in range(200):
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start:\n" + log_path.read_text())
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not answer /healthz within 20 s")
        addresses = listening_addresses(port)
        if addresses != {HOST}:
            raise SystemExit(f"gunicorn listens on {addresses}, not only on {HOST}")
        print(f"== gunicorn (pid {server.pid}) listening on {HOST}:{port} only", flush=True)
        yield base, env
    finally:
        if server is not None and server.poll() is None:
            server.terminate()  # the arbiter stops its workers
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if server is not None:
            print(f"== gunicorn stopped (exit {server.returncode})", flush=True)
        shutil.rmtree(work, ignore_errors=True)


def page_urls(env: dict) -> dict:
    """Paths of the pages measured, read from the seeded database."""
    code = """
import json
from classrooms.models import Classroom
from lessons.models import Lesson
from quizzes.models import QuizAssignment
from django.db.models.functions import Length
from django.urls import reverse
classroom = Classroom.objects.get(name="XI IPS 1")
lesson = (Lesson.objects.published().filter(course__slug=COURSE)
          .annotate(size=Length("body")).order_by("-size", "position").first())
assignment = QuizAssignment.objects.filter(classroom=classroom).order_by("pk").first()
print(json.dumps({
    "lesson": lesson.get_absolute_url(),
    "lesson_title": lesson.title,
    "quiz_assignment": assignment.get_absolute_url(),
    "gradebook": reverse("progress:gradebook", args=[classroom.pk]),
}))
"""
    out = subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v0", "-c", f"COURSE = {COURSE!r}\n{code}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- measuring in Chromium ---------------------------------------------------------------


def sign_in(browser, base: str, username: str):
    """A browser context signed in as `username` (through the sign-in form)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form [type=submit]")
    if "/accounts/login/" in page.url:
        raise SystemExit(f"Signing in as {username} failed")
    return context, page


def session_cookies(context) -> list[dict]:
    """The cookies a signed-in browser holds (session and CSRF), to start a fresh cache with."""
    return context.cookies()


def measure(page, url: str) -> dict:
    """Open `url` in `page` and add up what crossed the wire, per the DevTools protocol."""
    cdp = page.context.new_cdp_session(page)
    requests: dict[str, dict] = {}

    def on_request(event):
        requests.setdefault(event["requestId"], {}).update(
            url=event["request"]["url"], type=event.get("type", ""), wire=0
        )

    def on_cache(event):
        requests.setdefault(event["requestId"], {})["cache"] = "memory"

    def on_response(event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        requests.setdefault(event["requestId"], {}).update(
            status=response["status"],
            type=event.get("type", ""),
            mime=response.get("mimeType", ""),
            encoding=headers.get("content-encoding", ""),
            cache=(
                "disk"
                if response.get("fromDiskCache")
                else requests.get(event["requestId"], {}).get("cache", "")
            ),
        )

    def on_finished(event):
        requests.setdefault(event["requestId"], {})["wire"] = event["encodedDataLength"]

    def on_failed(event):
        requests.setdefault(event["requestId"], {})["failed"] = event.get("errorText", "failed")

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.requestServedFromCache", on_cache)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.loadingFailed", on_failed)
    cdp.send("Network.enable")
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    for request_id, r in requests.items():
        if r.get("type") == "Document" and not r.get("encoding") and r.get("status") == 200:
            # What the page would weigh compressed, for the report: gzip as Django's
            # GZipMiddleware does it (level 6).
            body = cdp.send("Network.getResponseBody", {"requestId": request_id})
            raw = base64.b64decode(body["body"]) if body["base64Encoded"] else body["body"].encode()
            r["size"], r["gzipped"] = len(raw), len(gzip.compress(raw, compresslevel=6))
    fonts = page.evaluate(
        "() => [...document.fonts].filter(f => f.status !== 'unloaded')"
        ".map(f => `${f.family} (${f.status})`)"
    )
    cdp.send("Network.disable")
    cdp.detach()

    rows = [r for r in requests.values() if "url" in r and not r["url"].startswith("data:")]
    third_party = [r["url"] for r in rows if r["url"].split("/")[2].split(":")[0] != HOST]
    font_requests = [r["url"] for r in rows if r.get("type") == "Font"]
    return {
        "rows": rows,
        "bytes": sum(r.get("wire", 0) for r in rows),
        "requests": len(rows),
        "network": sum(1 for r in rows if not r.get("cache")),
        "third_party": third_party,
        "fonts": font_requests + fonts,
        "failed": [f"{r['url']} ({r['failed']})" for r in rows if r.get("failed")],
        "errors": [f"{r['url']} ({r['status']})" for r in rows if r.get("status", 200) >= 400],
        "uncompressed": [r for r in rows if "gzipped" in r],
    }


def short(url: str) -> str:
    return "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url


def print_detail(name: str, view: str, result: dict):
    print(f"\n{name}, {view} view:")
    print(f"  {'bytes':>7}  {'status':>6}  {'encoding':<8}  {'cache':<6}  {'type':<10}  url")
    for r in result["rows"]:
        print(
            f"  {r.get('wire', 0):>7,}  {r.get('status', '-')!s:>6}  {r.get('encoding', ''):<8}  "
            f"{r.get('cache', ''):<6}  {r.get('type', ''):<10}  {short(r['url'])}"
        )


def run_budgets(base: str, urls: dict, verbose: bool) -> tuple[list[list], bool, dict]:
    from playwright.sync_api import sync_playwright

    table, ok, cookies = [], True, {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        print(f"== Chromium {browser.version}", flush=True)
        try:
            context, page = sign_in(browser, base, "siswa1")
            page.goto(base + urls["quiz_assignment"])
            with page.expect_navigation():  # start the attempt: its take page is measured
                page.click("form[action$='/start/'] [type=submit]")
            urls["quiz_take"] = short(page.url)
            cookies["siswa1"] = session_cookies(context)
            context.close()
            context, _page = sign_in(browser, base, "guru")
            cookies["guru"] = session_cookies(context)
            context.close()

            pages = [("lesson", urls["lesson"]), ("quiz take", urls["quiz_take"])]
            for name, path in pages:
                context = browser.new_context()  # an empty cache, signed in
                context.add_cookies(cookies["siswa1"])
                page = context.new_page()
                for view, budget in (("first", FIRST_VIEW_BUDGET), ("repeat", REPEAT_VIEW_BUDGET)):
                    result = measure(page, base + path)
                    if short(page.url) != path:
                        raise SystemExit(f"{path} ended on {page.url}, not the page itself")
                    if verbose:
                        print_detail(name, view, result)
                    passed = (
                        result["bytes"] <= budget
                        and not result["third_party"]
                        and not result["fonts"]
                        and not result["failed"]
                        and not result["errors"]
                    )
                    ok &= passed
                    table.append([name, view, result, budget, passed])
                context.close()
        finally:
            browser.close()
    return table, ok, cookies


def print_budgets(table: list[list], urls: dict):
    print(f"\nlesson page: {urls['lesson']} ({urls['lesson_title']})")
    print(f"quiz take page: {urls['quiz_take']} (siswa1's attempt in progress)")
    header = f"{'page':<10} {'view':<7} {'bytes':>8} {'budget':>8} {'requests':>8} "
    print("\n" + header + f"{'network':>7} {'3rd-party':>9} {'fonts':>5}  result")
    for name, view, r, budget, passed in table:
        print(
            f"{name:<10} {view:<7} {r['bytes']:>8,} {budget:>8,} {r['requests']:>8} "
            f"{r['network']:>7} {len(r['third_party']):>9} {len(r['fonts']):>5}  "
            f"{'PASS' if passed else 'FAIL'}"
        )
        for problem in r["third_party"] + r["fonts"] + r["failed"] + r["errors"]:
            print(f"    {problem}")
        for row in r["uncompressed"]:
            print(
                f"    {short(row['url'])} was sent uncompressed: {row['size']:,} bytes of HTML "
                f"({row['gzipped']:,} gzipped)"
            )
    print(
        "bytes: response headers + body as sent (compressed), per Network.loadingFinished "
        "encodedDataLength; budget in bytes (1 KB = 1,000 bytes)"
    )


# --- Lighthouse --------------------------------------------------------------------------


def lighthouse_bin() -> Path:
    """benchmarks/node_modules/.bin/lighthouse, installed with `npm ci` when missing."""
    binary = BENCH / "node_modules" / ".bin" / "lighthouse"
    installed = BENCH / "node_modules" / "lighthouse" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != LIGHTHOUSE_VERSION:
        print(f"== installing lighthouse@{LIGHTHOUSE_VERSION} into benchmarks/node_modules")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH, check=True
        )
    return binary


def run_lighthouse(base: str, urls: dict, cookies: dict, runs: int) -> tuple[list, bool]:
    binary = lighthouse_bin()
    out_dir = ROOT / "artifacts" / "lighthouse"
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = [
        ("lesson", urls["lesson"], "siswa1"),
        ("quiz take", urls["quiz_take"], "siswa1"),
        ("gradebook", urls["gradebook"], "guru"),
    ]
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="kerjasama-lh.") as tmp:
        for name, path, user in pages:
            # The session goes in a file, not on the command line (process listings).
            headers = Path(tmp) / f"{user}.json"
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in cookies[user])
            headers.write_text(json.dumps({"Cookie": cookie}))
            reports = []
            for run in range(1, runs + 1):
                stem = out_dir / f"{name.replace(' ', '-')}-{run}"
                command = [
                    binary,
                    base + path,
                    "--quiet",
                    "--output=json",
                    "--output=html",
                    f"--output-path={stem}",
                    "--only-categories=" + ",".join(CATEGORIES),
                    f"--extra-headers={headers}",
                    "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
                ]
                env = {**os.environ, "CHROME_PATH": CHROMIUM}
                # Lighthouse now and then fails to record the trace of a page load
                # (NO_NAVSTART); a second try is a fair run.
                if subprocess.run(command, env=env).returncode != 0:
                    print(f"Lighthouse failed on {path}; trying once more", file=sys.stderr)
                    subprocess.run(command, env=env, check=True)
                report = json.loads(Path(f"{stem}.report.json").read_text())
                if report.get("runtimeError"):
                    raise SystemExit(f"Lighthouse on {path}: {report['runtimeError']}")
                if short(report["finalDisplayedUrl"]) != path:
                    raise SystemExit(f"Lighthouse on {path} ended on {report['finalDisplayedUrl']}")
                reports.append(report)
            reports.sort(key=lambda r: r["categories"]["performance"]["score"])
            report = reports[len(reports) // 2]  # the median run by performance
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            failing = [
                f"{c}: {a['id']} ({a['title']})"
                for c in CATEGORIES
                for ref in report["categories"][c]["auditRefs"]
                if ref["weight"] > 0
                and (a := report["audits"][ref["id"]])["score"] is not None
                and a["score"] < 1
                and a["scoreDisplayMode"] in ("binary", "metricSavings")  # metrics are shown apart
            ]
            metrics = {
                m: report["audits"][m]["displayValue"]
                for m in (
                    "first-contentful-paint",
                    "largest-contentful-paint",
                    "total-blocking-time",
                    "cumulative-layout-shift",
                )
            }
            passed = all(scores[c] >= aim for c, aim in LIGHTHOUSE_AIMS.items())
            ok &= passed
            all_scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            rows.append([name, scores, passed, failing, metrics, all_scores])
    return rows, ok


def print_lighthouse(rows: list):
    print(f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset (reports in artifacts/lighthouse/)")
    print(f"{'page':<10} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4}  aim (perf >= 95, a11y 100)")
    for name, scores, passed, failing, metrics, all_scores in rows:
        print(
            f"{name:<10} "
            + " ".join(f"{scores[c]:>4}" for c in CATEGORIES)
            + f"  {'PASS' if passed else 'FAIL'}"
        )
        if len(all_scores) > 1:
            print(f"    performance per run: {all_scores} (median shown)")
        print("    " + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in metrics.items()))
        for line in failing:
            print(f"    not full marks: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8051")))
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=1, help="runs per page; the median is shown"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every request")
    args = parser.parse_args()
    # A Ctrl-C or a kill still stops gunicorn (the finally in served_app).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    with served_app(args.port) as (base, env):
        urls = page_urls(env)
        table, ok, cookies = run_budgets(base, urls, args.verbose)
        lighthouse = None
        if args.lighthouse:
            lighthouse, lh_ok = run_lighthouse(base, urls, cookies, args.lighthouse_runs)
            ok &= lh_ok
    print_budgets(table, urls)
    if lighthouse:
        print_lighthouse(lighthouse)
    print("\nAll budgets met." if ok else "\nSome budgets were missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
