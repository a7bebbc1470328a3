#!/usr/bin/env bash
# Load test: 50 simulated officers for 60 s (LOAD_SECONDS) against gunicorn + PostgreSQL, on loopback only,
# while 2 coordinators ask for committee annexes that a queue worker (bin/worker) renders.
#   bench/load_test.sh        (or: make load-test)
# Starts a throwaway PostgreSQL, migrates, loads the demo data and 47 more officers, serves the
# product with production settings over plain HTTP on 127.0.0.1, runs locust headless, prints
# requests/s, median and 95th-percentile latency and failures, checks that every update the
# server accepted is in the database, and stops everything. Fails on any error or lost update.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --under-postgres ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -e '.[load]'
  # A hard limit on the whole run, whatever hangs.
  exec timeout --kill-after=20 600 bin/with-postgres "$0" --under-postgres
fi

export DJANGO_SETTINGS_MODULE=improvement_tracker.settings.prod
DJANGO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SERVE_PLAIN_HTTP=true DJANGO_ALLOW_DEMO_DATA=true  # loopback only, throwaway data
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/tracker-load.XXXXXX)

.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python bench/load/setup_officers.py "$work/accounts.json"

export MEDIA_ROOT="$work/media"
GUNICORN_BIND=127.0.0.1:$port DJANGO_MIGRATE=false bin/serve-production >"$work/gunicorn.log" 2>&1 &
server=$!
bin/worker >"$work/worker.log" 2>&1 &
worker=$!
stop() {
  kill "$server" "$worker" 2>/dev/null && wait "$server" "$worker" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

for _ in $(seq 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/accounts/sign-in/" && break
  kill -0 "$server" 2>/dev/null || { tail -20 "$work/gunicorn.log"; exit 1; }
  sleep 0.5
done
echo "gunicorn at http://127.0.0.1:$port with $(grep -c 'Booting worker' "$work/gunicorn.log") workers"

# CPU seconds the web processes (gunicorn's workers) have used so far, and the time.
web_cpu() {
  python3 - "$server" <<'PY'
import os, sys, time
master = sys.argv[1]
ticks = os.sysconf("SC_CLK_TCK")
children = open(f"/proc/{master}/task/{master}/children").read().split()
used = 0
for pid in children:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    used += int(fields[11]) + int(fields[12])  # utime, stime
print(f"{time.time():.3f} {used / ticks:.2f}")
PY
}

run="load-$(date +%Y%m%d%H%M%S)"
coordinators=${LOAD_COORDINATORS:-2}
seconds=${LOAD_SECONDS:-60}
echo "50 officers and $coordinators coordinators asking for annexes, for $seconds s..."
# The second half of the run, when everyone has signed in, is what a page costs.
(sleep $((seconds / 2)); web_cpu >"$work/cpu_mid") &
locust_status=0
LOAD_COORDINATORS=$coordinators LOAD_ACCOUNTS="$work/accounts.json" LOAD_RESULTS="$work/results.json" LOAD_RUN="$run" \
  timeout --kill-after=10 $((seconds + 60)) .venv/bin/locust -f bench/load/locustfile.py --headless \
  --host "http://127.0.0.1:$port" --users $((50 + coordinators)) --spawn-rate 5 --run-time "${seconds}s" --stop-timeout 10 \
  --csv "$work/load" --only-summary --loglevel WARNING >"$work/locust.log" 2>&1 || locust_status=$?
if [ ! -f "$work/results.json" ]; then
  echo "locust did not finish (exit $locust_status):"; tail -20 "$work/locust.log"; exit 1
fi

LOAD_WEB_CPU="$(cat "$work/cpu_mid" 2>/dev/null) $(web_cpu)" \
  .venv/bin/python bench/load/check_results.py "$work/load_stats.csv" "$work/results.json" "$run" || {
  echo "--- gunicorn errors:"; grep -v '" [23]0[0-9] ' "$work/gunicorn.log" | tail -20; exit 1
}
