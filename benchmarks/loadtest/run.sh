#!/usr/bin/env bash
# A class (or a school) at once, against `make serve`-style gunicorn on loopback.
#   benchmarks/loadtest/run.sh                      # a class of 40, SQLite
#   DB=pg benchmarks/loadtest/run.sh                # the same on a throwaway PostgreSQL
#   STUDENTS=400 CLASSES=10 ARRIVE=60 START=10 THINK=5-15 SUBMIT=60 DB=pg benchmarks/loadtest/run.sh
#                                                   # a school: arrives over a minute, starts
#                                                   # within 10 s, hands in within a minute
#   FAULT=1 FAULT_AFTER=8 benchmarks/loadtest/run.sh   # kill one gunicorn worker mid-run
#   THINK=0 START=0 SUBMIT=0 benchmarks/loadtest/run.sh   # stress: no pauses at all
# ARRIVE: students arrive and sign in within this many seconds; START: all start the quiz within
# this many seconds of the bell; THINK: seconds per answer ("1-3": drawn between 1 and 3);
# SUBMIT: all hand in within this many seconds once the last has answered.
# Prints requests/s and p50/p95/max per step, errors, the lesson/trivial throughput ratio and the
# database verification. Everything it starts (gunicorn, PostgreSQL) it stops again.
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDENTS=${STUDENTS:-40} CLASSES=${CLASSES:-1} DB=${DB:-sqlite}
ARRIVE=${ARRIVE:-2} START=${START:-2} THINK=${THINK:-1-3} SUBMIT=${SUBMIT:-2}
RATE=$(awk -v n="$STUDENTS" -v t="$ARRIVE" 'BEGIN { print (t > 0 ? n / t : n) }')
PORT=${PORT:-8041} MAX_TIME=${MAX_TIME:-600s} PHASE=${PHASE:-10s}
OUT=${OUT:-artifacts/loadtest}
BIN=.venv/bin
[ -x $BIN/locust ] || $BIN/pip install -q --group loadtest  # locust, on demand (not in the suite)
rm -rf "$OUT" && mkdir -p "$OUT"
WORK=$(mktemp -d -t kerjasama-load.XXXXXX)
GUNI_PID="" PGTMP=""
cleanup() {
  [ -n "$GUNI_PID" ] && kill "$GUNI_PID" 2>/dev/null && wait "$GUNI_PID" 2>/dev/null || true
  if [ -n "$PGTMP" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK" "$PGTMP"
}
trap cleanup EXIT

export SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1 BIND=127.0.0.1:$PORT LOG_LEVEL=WARNING
unset DJANGO_DEBUG REDIS_URL
if [ "${REDIS:-0}" = 1 ]; then
  # The shared cache of a multi-server deployment (docs/deploy.md): sessions.
  export REDIS_URL=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/15}
  $BIN/python -c 'import redis' 2>/dev/null || { $BIN/pip install -q ".[redis]"; rm -rf build ./*.egg-info; }
  $BIN/python -c 'import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()' "$REDIS_URL"
fi
if [ "$DB" = pg ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGTMP=$(mktemp -d -t kerjasama-pg.XXXXXX); chown postgres:postgres "$PGTMP"; PGPORT=$((PORT + 10000))
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$PGTMP -c max_connections=200" \
    start >/dev/null
  export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/postgres
else
  export DATABASE_URL=sqlite:///$WORK/db.sqlite3
fi

echo "== setup: $DB${REDIS_URL:+ + redis}, $STUDENTS students in $CLASSES classes arriving within ${ARRIVE} s," \
  "starting within ${START} s, ${THINK} s per answer, handing in within ${SUBMIT} s"
$BIN/python manage.py migrate --no-input -v0
$BIN/python manage.py collectstatic --no-input -v0
$BIN/python benchmarks/loadtest/seed.py --classes "$CLASSES" --students $((STUDENTS / CLASSES)) --out "$OUT"
$BIN/gunicorn kerjasama.wsgi:application -c kerjasama/gunicorn.conf.py 2>"$OUT/gunicorn.log" &
GUNI_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://$BIND/healthz" && break; sleep 0.1; done

locust() {
  LOADTEST_ACCOUNTS=$OUT/accounts.json LOADTEST_ACKS=$OUT/acks.txt LOADTEST_STUDENTS=$STUDENTS \
  LOADTEST_ARRIVE=$ARRIVE LOADTEST_START=$START LOADTEST_THINK=$THINK LOADTEST_SUBMIT=$SUBMIT \
    $BIN/locust -f benchmarks/loadtest/locustfile.py --headless --only-summary \
    -H "http://$BIND" "$@" >"$OUT/locust-$RUN.log" 2>&1 || true
}

echo "== throughput: trivial page, signed in, then the lesson page ($PHASE each, 20 users)"
RUN=trivial locust Reader --tags trivial -u 20 -r 20 -t "$PHASE" --csv "$OUT/trivial"
RUN=signed_in locust Reader --tags signed_in -u 20 -r 20 -t "$PHASE" --csv "$OUT/signed_in"
RUN=lesson locust Reader --tags lesson -u 20 -r 20 -t "$PHASE" --csv "$OUT/lesson"

echo "== the class run: $STUDENTS students and a teacher reloading the gradebook"
touch "$OUT/acks.txt"
if [ "${FAULT:-0}" = 1 ]; then
  ( sleep "${FAULT_AFTER:-3}"; victim=$(pgrep -P "$GUNI_PID" | head -1);
    echo "== fault: killing gunicorn worker $victim"; kill -9 "$victim" ) &
fi
CLASS_T0=$SECONDS
RUN=class locust Student Teacher --tags class -u $((STUDENTS + 1)) -r "$RATE" -t "$MAX_TIME" \
  --csv "$OUT/class"
echo "   took $((SECONDS - CLASS_T0)) s"

$BIN/python benchmarks/loadtest/report.py "$OUT"
$BIN/python benchmarks/loadtest/verify.py "$OUT" "$STUDENTS"
