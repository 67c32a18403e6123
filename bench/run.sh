#!/usr/bin/env bash
# make bench: measures matricula on this machine against 127.0.0.1 only and prints one table;
# the same figures go to bench/results/<UTC timestamp>.json. See docs/performance.md.
#
#   bench/run.sh            (takes /tmp/matricula-build.lock for the whole run, so that no build
#                            or test suite shares the 2 cores; waits for it if need be)
#   BENCH_KEEP=1 bench/run.sh   keeps the work folder (logs, databases, wrk outputs)
#
# Everything it starts (nginx, PostgreSQL, SMTP servers, matricula) lives in a temp folder and
# is stopped on exit. Each wrk run lasts 10 s (short checking runs 2-3 s); the whole run takes
# about 7 minutes, a minute of it seeding a million users.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# --- the lock: taken here unless this process or a parent (`flock LOCK make bench`) holds it.
source scripts/build-lock.sh  # (the working directory is the tree's root now)
if ! holds_build_lock; then
  echo "bench: waiting for $lock (builds and tests must not run beside the benchmark)"
  exec flock "$lock" bash "$0" "$@"
fi

started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log() { echo "bench: $*"; }

# --- what the bench needs: the project's own packages (nginx, PostgreSQL, aiosmtpd among
# them) and wrk.
scripts/install-deps.sh wrk
PY=/usr/bin/python3  # Debian's, which has aiosmtpd
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

BIN=$root/build/matricula
if [ ! -x "$BIN" ]; then
  log "build/matricula is missing: building it"
  scripts/build.sh
fi

# --- the work folder and the clean-up of everything started.
W=$(mktemp -d /tmp/matricula-bench.XXXXXX)
chmod 711 "$W"  # nginx's workers (nobody) reach their files below it
# A copy of the binary: every part measures the same build, even if build/ is rebuilt meanwhile.
mkdir -p "$W/bin"
cp "$BIN" "$W/bin/matricula"
binary_mtime=$(date -u -r "$BIN" +%Y-%m-%dT%H:%M:%SZ)
BIN=$W/bin/matricula
mkdir -p "$W/resources"
cp -r "$root/templates" "$root/static" "$root/migrations" "$W/resources/"
pg_dir=""
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -n "$pg_dir" ] && scripts/stop-postgres.sh "$pg_dir"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: work folder kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

facts=$W/facts.txt
: >"$facts"
fact() { echo "$1=$2" >>"$facts"; }

# Only our own settings reach matricula: no .env (the work folder is the working directory), no
# MATRICULA_* from the caller's environment.
cd "$W"
while read -r v; do unset "$v"; done < <(compgen -e | grep '^MATRICULA_' || true)
export MATRICULA_ENV=development MATRICULA_LOG_LEVEL=warn MATRICULA_RESOURCE_DIR=$W/resources
export MATRICULA_SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
for rule in SIGNIN_PER_IP FAILED_SIGNIN_PER_IP FAILED_SIGNIN_PER_ACCOUNT CODE_PER_ADDRESS \
  CODE_PER_ACCOUNT_HOUR CODE_PER_IP REGISTER_PER_IP RESEND_PER_ADDRESS; do
  export "MATRICULA_RATELIMIT_$rule=off"
done

free_port() { "$root/scripts/free-port.sh"; }

# Each measured step records who used the CPU meanwhile (cpu-NAME.json): the lock keeps builds
# and tests that take it away, but not everything (a fuzzer, a test run by hand).
bench_pid=$$
watched() {  # watched NAME COMMAND...: runs COMMAND, CPU use in cpu-NAME.json
  local name=$1 roots=("$bench_pid") status=0
  shift
  [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ] && roots+=("$(head -n 1 "$pg_dir/data/postmaster.pid")")
  $PY "$root/bench/cpuwatch.py" snap "$W/cpu-$name.snap" "$BASHPID"
  "$@" || status=$?
  $PY "$root/bench/cpuwatch.py" diff "$W/cpu-$name.snap" "$BASHPID" "${roots[@]}" >"$W/cpu-$name.json"
  return $status
}

# A database with the schema and seed data: setup_db NAME URL SEED_ARGS...
setup_db() {
  local name=$1 url=$2
  shift 2
  mkdir -p "$W/$name"
  MATRICULA_DATA_DIR=$W/$name MATRICULA_DATABASE_URL=$url "$BIN" migrate >"$W/$name.migrate.log"
  local t0 t1
  t0=$(date +%s.%N)
  MATRICULA_DATA_DIR=$W/$name MATRICULA_DATABASE_URL=$url "$BIN" seed --out "$W/$name/seed" "$@" >"$W/$name.seed.log"
  t1=$(date +%s.%N)
  fact "seed_seconds_$name" "$(awk "BEGIN {printf \"%.1f\", $t1 - $t0}")"
}

# Stops the bench, saying so, when the server under test has gone (it stops cleanly, with status
# 0, on SIGTERM or SIGINT; 128+N is signal N).
serve_alive() {
  [ -n "${serve_pid:-}" ] || return 0
  kill -0 "$serve_pid" 2>/dev/null && return 0
  local status=0
  wait "$serve_pid" || status=$?
  echo "bench: matricula serve ($serve_name, pid $serve_pid) has exited with status $status; its stderr:" >&2
  tail -n 20 "$W/$serve_name.serve.err" >&2
  exit 1
}

# serve_start NAME URL [VAR=VALUE...]: sets serve_pid and serve_port.
serve_start() {
  local name=$1 url=$2
  shift 2
  env MATRICULA_DATA_DIR="$W/$name" MATRICULA_DATABASE_URL="$url" MATRICULA_LISTEN=127.0.0.1:0 \
    MATRICULA_EMAIL_URL="file:$W/$name/mail" "$@" "$BIN" serve >"$W/$name.serve.out" 2>"$W/$name.serve.err" &
  serve_pid=$!
  serve_name=$name
  pids+=("$serve_pid")
  for _ in $(seq 300); do
    serve_port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$W/$name.serve.out")
    [ -n "$serve_port" ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: matricula serve ($name) did not start:" >&2
  cat "$W/$name.serve.err" >&2
  exit 1
}
stop_pid() {
  local pid=$1 p kept=()
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_serve() {
  stop_pid "$serve_pid"
  serve_pid="" settle_port=""
}

# run_wrk NAME WRK_ARGS...: wrk's whole output goes to wrk-NAME.txt; a progress line is printed.
run_wrk() {
  local name=$1
  shift
  [ "${BENCH_NO_SETTLE:-0}" = 1 ] || [ -z "${settle_port:-}" ] || settle "$settle_port"
  local watch=(watched "$name")
  [ "${BENCH_NO_WATCH:-0}" = 1 ] && watch=()
  "${watch[@]}" timeout -k 5 90 wrk "$@" >"$W/wrk-$name.txt" 2>&1 || { echo "bench: wrk $name failed:" >&2; cat "$W/wrk-$name.txt" >&2; exit 1; }
  log "$name: $($PY "$root/bench/report.py" --line "$W/wrk-$name.txt")"
  [ -z "${settle_port:-}" ] || serve_alive
}

# Waits until the server has no request queued or running (sign-ins left over from a wrk run
# that ended go on hashing for a while).
settle() {
  local port=$1 m
  for _ in $(seq 300); do
    serve_alive
    m=$({ curl -s "http://127.0.0.1:$port/metrics" || true; } |
      awk '$1 == "matricula_handler_queue_depth" || $1 == "matricula_hash_queue_depth" {s += $2; n++} END {print n ? s : "?"}')
    [ "$m" = 0 ] && return 0
    sleep 0.1
  done
  log "WARNING: requests still queued on port $port after 30 s"
}

# A signed-in page must greet its user, not redirect or show the anonymous home page.
check_welcome() {
  local name=$1 port=$2 cookie
  cookie=$(head -n 1 "$W/$name/seed/sessions.txt")
  if curl -sf -H "Host: 127.0.0.1" -H "Cookie: matricula_session=$cookie" "http://127.0.0.1:$port/" | grep -q "Welcome,"; then
    fact "curl_welcome_$name" yes
  else
    fact "curl_welcome_$name" no
    log "WARNING: GET / with a seeded session cookie did not say 'Welcome,' ($name)"
  fi
}

# pageview_run NAME DB PORT SECONDS: signed-in page views (GET / with DB's seeded session
# cookies, 2 threads, 64 connections) against the server on PORT.
pageview_run() {
  BENCH_SESSIONS=$W/$2/seed/sessions.txt \
    run_wrk "$1" -t2 -c64 -d"$4" --latency -s "$root/bench/pageview.lua" "http://127.0.0.1:$3/"
}
nginx_turn() {  # nginx_turn NAME: a 4 s run of nginx's static file
  run_wrk "$1" -t2 -c64 -d4s --latency -s "$root/bench/static.lua" "http://127.0.0.1:$nginx_port/static.txt"
}

# Page views: a checking run (every answer counted, every body must say "Welcome,"; it also
# warms up), then the measured run without per-answer work in wrk; with a base, then
# BENCH_PAIRS (5) pairs of 4 s runs taking turns with it: this machine's speed drifts by a
# quarter from one minute to the next, so a ratio of runs minutes apart says little.
#   page_views NAME PORT [TAG BASE_TURN]   (BASE_TURN NAME runs the base for 4 s)
page_views() {
  local name=$1 port=$2 tag=${3:-} base=${4:-}
  check_welcome "$name" "$port"
  BENCH_CHECK=1 pageview_run "pageview-$name-check" "$name" "$port" 3s
  pageview_run "pageview-$name" "$name" "$port" 10s
  [ -n "$base" ] || return 0
  take_turns "$name" "$name" "$port" "$tag" "$base"
}
# take_turns NAME DB PORT TAG BASE_TURN: the pairs alone (pair-NAME-TAG-I, then pair-NAME-I).
take_turns() {
  local i
  for i in $(seq "${BENCH_PAIRS:-5}"); do
    "$5" "pair-$1-$4-$i"
    pageview_run "pair-$1-$i" "$2" "$3" 4s
  done
}

cache_counts() {  # cache_counts PORT: the session cache's hits/misses so far
  curl -s "http://127.0.0.1:$1/metrics" |
    awk '$1 == "matricula_session_cache_hits_total" {h = $2} $1 == "matricula_session_cache_misses_total" {m = $2}
         END {printf "%d/%d", h, m}'
}
rss_kb() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"; }  # rss_kb PID VmRSS|RssAnon|RssFile

# The machine and the code measured.
fact date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
fact stamp "$stamp"
fact nproc "$(nproc)"
fact cpu_model "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
fact memory_gib "$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
fact kernel "$(uname -r)"
fact commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fact tree_dirty "$(git -C "$root" status --porcelain -- src templates migrations CMakeLists.txt 2>/dev/null | grep -q . && echo yes || echo no)"
fact binary_mtime "$binary_mtime"
fact wrk_version "$(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
fact nginx_version "$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
fact postgres_version "$("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version | awk '{print $3}')"
fact sqlite_version "$(sqlite3 --version | awk '{print $1}')"

# ---------------------------------------------------------------- 1. nginx, the ceiling
log "1/8 nginx static file"
mkdir -p "$W/nginx/www" "$W/nginx/tmp"
head -c 1536 /dev/urandom | base64 -w 0 | head -c 2048 >"$W/nginx/www/static.txt"
chmod -R a+rX "$W/nginx"
nginx_port=$(free_port)
cat >"$W/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/plain;
  client_body_temp_path $W/nginx/tmp;
  proxy_temp_path $W/nginx/tmp;
  fastcgi_temp_path $W/nginx/tmp;
  uwsgi_temp_path $W/nginx/tmp;
  scgi_temp_path $W/nginx/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $W/nginx/www;
  }
}
EOF
"$NGINX" -c "$W/nginx/nginx.conf" -p "$W/nginx" -g 'daemon off;' 2>"$W/nginx/stderr.log" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/static.txt" && break; sleep 0.1; done
fact nginx_file_bytes "$(curl -sf "http://127.0.0.1:$nginx_port/static.txt" | wc -c)"
BENCH_CHECK=1 run_wrk nginx-check -t2 -c64 -d2s --latency -s "$root/bench/static.lua" "http://127.0.0.1:$nginx_port/static.txt"
run_wrk nginx -t2 -c64 -d10s --latency -s "$root/bench/static.lua" "http://127.0.0.1:$nginx_port/static.txt"
# nginx stays up (idle) for the paired runs of the page-view scenarios.

# ---------------------------------------------------------------- SQLite, 10 000 users
# One server for scenarios 7 (memory, measured first, right after the start), 2 (page views),
# 5 (sign-ins) and 6 (forms, with an SMTP server that takes 2 s per message).
log "seeding SQLite with 10 000 users"
s10k_url="sqlite:$W/s10k/matricula.db"
setup_db s10k "$s10k_url" --users 10000 --sessions 10000 --anonymous-sessions 17000
# A sign-in rotates its anonymous session, so each sign-in run gets sessions of its own.
anon=$W/s10k/seed/anonymous.txt
sed -n '1,2000p' "$anon" >"$W/anon-sequential.txt"
sed -n '2001,6000p' "$anon" >"$W/anon-alone.txt"
sed -n '6001,10000p' "$anon" >"$W/anon-mixed.txt"
sed -n '10001,12000p' "$anon" >"$W/anon-forms.txt"
for i in 1 2 3 4 5; do sed -n "$((11001 + 1000 * i)),$((12000 + 1000 * i))p" "$anon" >"$W/anon-pair-$i.txt"; done

slow_port=$(free_port)
$PY "$root/bench/smtp_sink.py" --port "$slow_port" --delay 2 --count-file "$W/slow-smtp.count" >"$W/slow-smtp.log" 2>&1 &
slow_pid=$!
pids+=("$slow_pid")
for _ in $(seq 100); do grep -q ready "$W/slow-smtp.log" && break; sleep 0.1; done

serve_start s10k "$s10k_url" MATRICULA_EMAIL_URL="smtp+plain://127.0.0.1:$slow_port"
port=$serve_port
settle_port=$port

# ---------------------------------------------------------------- 7. memory
log "7/8 memory"
sleep 1
for f in VmRSS RssAnon RssFile; do fact "rss_idle_$f" "$(rss_kb "$serve_pid" $f)"; done
$PY "$root/bench/idle_conns.py" "$port" 1000 "$W/s10k/seed/sessions.txt" 3 >"$W/idle-conns.log" 2>&1 &
idle_pid=$!
pids+=("$idle_pid")
for _ in $(seq 300); do grep -q '^open' "$W/idle-conns.log" && break; kill -0 "$idle_pid" 2>/dev/null || break; sleep 0.1; done
sleep 1
for f in VmRSS RssAnon RssFile; do fact "rss_conns_$f" "$(rss_kb "$serve_pid" $f)"; done
wait "$idle_pid" || true
fact idle_conns_open "$(sed -n 's/^open \([0-9]*\).*/\1/p' "$W/idle-conns.log")"
fact idle_conns_statuses "$(sed -n 's/^open [0-9]* statuses //p' "$W/idle-conns.log")"
fact idle_conns_still_open "$(sed -n 's/^still-open //p' "$W/idle-conns.log")"

# ---------------------------------------------------------------- 2. page views, SQLite 10 000
log "2/8 page views, SQLite, 10 000 users"
page_views s10k "$port" nginx nginx_turn
for f in VmRSS RssAnon; do fact "rss_pageviews_$f" "$(rss_kb "$serve_pid" $f)"; done
fact s10k_session_cache_entries "$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "matricula_session_cache_entries" {print $2}')"

# ---------------------------------------------------------------- 5. password sign-ins
log "5/8 password sign-ins"
c++ -std=c++20 -O2 -I "$root/src" -o "$W/argon2_time" "$root/bench/argon2_time.cpp" \
  "$root/src/infra/crypto/argon2_memory.cpp" -lsodium -lpthread
hash=$($PY -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT password_hash FROM users WHERE id = 1").fetchone()[0])' "$W/s10k/matricula.db")
# The hash time is measured before and after the sign-in runs: this virtual machine's CPU speed
# drifts by up to a quarter from one minute to the next, and the ceiling should match the runs.
watched argon2-before "$W/argon2_time" "$hash" "bench password 12345" 20 "$(nproc)" >"$W/argon2-before.json"
log "argon2id verify: $(cat "$W/argon2-before.json")"
signin() {  # signin NAME ANON_FILE THREADS CONNECTIONS DURATION
  BENCH_MODE=signin BENCH_USERS=10000 BENCH_THREADS=$3 BENCH_ANONYMOUS=$2 \
    run_wrk "$1" -t"$3" -c"$4" -d"$5" --latency -s "$root/bench/forms.lua" "http://127.0.0.1:$port/"
}
signin signin-sequential "$W/anon-sequential.txt" 1 1 3s
signin signin-alone "$W/anon-alone.txt" 2 16 10s
# The ratio to the ceiling from runs taking turns, as for page views: the hash is timed, then
# sign-ins run for 4 s, 5 times (the single-thread hash time drifts by 10-20 % within minutes).
for i in 1 2 3 4 5; do
  settle "$port"
  watched "argon2-pair-$i" "$W/argon2_time" "$hash" "bench password 12345" 20 "$(nproc)" >"$W/argon2-pair-$i.json"
  signin "signin-pair-$i" "$W/anon-pair-$i.txt" 2 16 4s
done
# Sign-ins and page views at the same time (their CPU use is watched as one).
signin_with_page_views() {
  BENCH_NO_WATCH=1 BENCH_NO_SETTLE=1 BENCH_MODE=signin BENCH_USERS=10000 BENCH_THREADS=2 \
    BENCH_ANONYMOUS=$W/anon-mixed.txt \
    run_wrk signin-mixed -t2 -c16 -d10s --latency -s "$root/bench/forms.lua" "http://127.0.0.1:$port/" &
  local a=$!
  BENCH_NO_WATCH=1 BENCH_NO_SETTLE=1 BENCH_SESSIONS=$W/s10k/seed/sessions.txt \
    run_wrk pageview-during-signin -t1 -c8 -d10s --latency -s "$root/bench/pageview.lua" "http://127.0.0.1:$port/" &
  local b=$!
  wait "$a"
  wait "$b"
}
settle "$port"
watched signin-mixed signin_with_page_views
settle "$port"
watched argon2-after "$W/argon2_time" "$hash" "bench password 12345" 20 "$(nproc)" >"$W/argon2-after.json"
log "argon2id verify: $(cat "$W/argon2-after.json")"

# ---------------------------------------------------------------- 6. forms with a slow SMTP server
log "6/8 code requests and registrations, SMTP taking 2 s per message"
BENCH_MODE=otp BENCH_USERS=10000 BENCH_THREADS=2 BENCH_ANONYMOUS=$W/anon-forms.txt \
  run_wrk send-otp -t2 -c16 -d10s --latency -s "$root/bench/forms.lua" "http://127.0.0.1:$port/"
BENCH_MODE=register BENCH_USERS=10000 BENCH_THREADS=2 BENCH_ANONYMOUS=$W/anon-forms.txt \
  run_wrk register -t2 -c4 -d10s --latency -s "$root/bench/forms.lua" "http://127.0.0.1:$port/"
fact registered_accounts "$($PY -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM users WHERE email LIKE '"'"'reg-%'"'"'").fetchone()[0])' "$W/s10k/matricula.db")"
fact slow_smtp_delivered "$(cat "$W/slow-smtp.count" 2>/dev/null || echo 0)"
fact slow_outbox_pending "$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "matricula_outbox_pending" {print $2}')"
stop_serve
stop_pid "$slow_pid"

# ---------------------------------------------------------------- 3. PostgreSQL, 10 000 users
log "3/8 page views, PostgreSQL, 10 000 users"
pg_dir=$(mktemp -d /tmp/matricula-bench-pg.XXXXXX)
pg_port=$(free_port)
"$root/scripts/start-postgres.sh" "$pg_dir" "$pg_port" matricula_bench
pg_url="postgresql://postgres@127.0.0.1:$pg_port/matricula_bench"
setup_db pg "$pg_url" --users 10000 --sessions 10000
serve_start pg "$pg_url"
settle_port=$serve_port
page_views pg "$serve_port" nginx nginx_turn
fact pg_session_cache "$(cache_counts "$serve_port")"
stop_serve
# The same views with every session read from PostgreSQL, as before the session cache.
serve_start pg "$pg_url" MATRICULA_SESSION_CACHE_ENTRIES=0
settle_port=$serve_port
pageview_run pageview-pg-uncached pg "$serve_port" 5s
stop_serve
"$root/scripts/stop-postgres.sh" "$pg_dir"
pg_dir=""

# ---------------------------------------------------------------- 4. SQLite, 1 000 000 users
log "4/8 page views, SQLite, 1 000 000 users (seeding takes about a minute)"
s1m_url="sqlite:$W/s1m/matricula.db"
setup_db s1m "$s1m_url" --users 1000000 --sessions 1000000
fact s1m_db_mb "$(du -m "$W/s1m/matricula.db" | cut -f1)"
# The ratio's base, seeded afresh: the first 10 000-user database's sessions were last seen more
# than 5 minutes ago by now, so each of its views would write (see "Page views only read").
s10kb_url="sqlite:$W/s10kb/matricula.db"
setup_db s10kb "$s10kb_url" --users 10000 --sessions 10000
# The ratio to 10 000 users from runs taking turns, as with nginx, with a 10 000-user server
# beside this one.
serve_start s10kb "$s10kb_url"
s10kb_pid=$serve_pid s10kb_port=$serve_port settle_port=$serve_port
pageview_run pair-s1m-10k-warm s10kb "$s10kb_port" 2s
s10kb_turn() { pageview_run "$1" s10kb "$s10kb_port" 4s; }
serve_start s1m "$s1m_url"
settle_port=$serve_port
page_views s1m "$serve_port" 10k s10kb_turn
fact s1m_session_cache "$(cache_counts "$serve_port")"
stop_serve
stop_pid "$s10kb_pid"
# The same pairs with neither server keeping sessions in memory: what the database alone does
# with a hundred times the rows. (Sessions drawn uniformly from a million nearly all miss the
# cache above; at 10 000 users none do.)
serve_start s10kb "$s10kb_url" MATRICULA_SESSION_CACHE_ENTRIES=0
s10kb_pid=$serve_pid s10kb_port=$serve_port
pageview_run pair-s1mu-10k-warm s10kb "$s10kb_port" 2s
serve_start s1m "$s1m_url" MATRICULA_SESSION_CACHE_ENTRIES=0
settle_port=$serve_port
pageview_run pair-s1mu-warm s1m "$serve_port" 2s
take_turns s1mu s1m "$serve_port" 10k s10kb_turn
stop_serve
stop_pid "$s10kb_pid"
rm -f "$W/s1m/matricula.db"*

# ---------------------------------------------------------------- 8. mail outbox
log "8/8 mail outbox, 2000 messages"
mail_url="sqlite:$W/mail/matricula.db"
setup_db mail "$mail_url" --mails 2000
fast_port=$(free_port)
$PY "$root/bench/smtp_sink.py" --port "$fast_port" --count-file "$W/fast-smtp.count" >"$W/fast-smtp.log" 2>&1 &
fast_pid=$!
pids+=("$fast_pid")
for _ in $(seq 100); do grep -q ready "$W/fast-smtp.log" && break; sleep 0.1; done
serve_start mail "$mail_url" MATRICULA_OUTBOX_WORKER=0 MATRICULA_EMAIL_URL="smtp+plain://127.0.0.1:$fast_port"
metric() { curl -s "http://127.0.0.1:$serve_port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
fact mail_pending_before "$(metric matricula_outbox_pending)"
MATRICULA_DATA_DIR=$W/mail MATRICULA_DATABASE_URL=$mail_url MATRICULA_EMAIL_URL="smtp+plain://127.0.0.1:$fast_port" \
  "$BIN" worker >"$W/mail.worker.out" 2>"$W/mail.worker.err" &
worker_pid=$!
pids+=("$worker_pid")
t0=$(date +%s.%N)
pending=""
while :; do
  pending=$(metric matricula_outbox_pending)
  [ "${pending%.*}" = 0 ] && break
  [ "$(awk "BEGIN {print ($(date +%s.%N) - $t0 > 120)}")" = 1 ] && { log "WARNING: the outbox still had $pending messages after 120 s"; break; }
  kill -0 "$worker_pid" 2>/dev/null || { log "WARNING: matricula worker stopped"; cat "$W/mail.worker.err" >&2; break; }
  sleep 0.05
done
t1=$(date +%s.%N)
fact mail_seconds "$(awk "BEGIN {printf \"%.3f\", $t1 - $t0}")"
fact mail_pending_after "$pending"
fact mail_sent "$(metric matricula_outbox_sent)"
fact mail_failed "$(metric matricula_outbox_failed)"
stop_pid "$worker_pid"
fact mail_sink_received "$(cat "$W/fast-smtp.count" 2>/dev/null || echo 0)"
stop_serve
stop_pid "$fast_pid"

# ---------------------------------------------------------------- the table
fact bench_seconds "$(($(date +%s) - started))"
for f in "$W"/*.serve.err "$W"/mail.worker.err; do
  [ -s "$f" ] && { log "stderr of $(basename "$f"):"; head -n 20 "$f"; }
done
mkdir -p "$root/bench/results"
$PY "$root/bench/report.py" --work "$W" --json "$root/bench/results/$stamp.json"
