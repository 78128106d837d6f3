#!/usr/bin/env bash
# The figures of issue 2, printed, never asserted: a fresh database with
# 10,000 organisations and 30,000 contacts from `clusterdesk demo`, a
# server on a free port with two threads, wrk with four connections
# against the list page, the API list and an organisation page, the
# server's memory at rest and after the load, and the time of a
# 10,000-row CSV import through the web pages.
#
# usage: bench/run.sh [BINARY]     (default build/clusterdesk; build it first)
# Environment: DURATION (wrk seconds, default 10), ORGS, CONTACTS.
# Everything it writes goes to bench/out/ (ignored by git). It stops the
# server it started on any exit.
set -u -o pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-${CLUSTERDESK_BIN:-$ROOT/build/clusterdesk}}
OUT=$ROOT/bench/out
DB=$OUT/bench.db
DURATION=${DURATION:-10}
ORGS=${ORGS:-10000}
CONTACTS=${CONTACTS:-30000}
IMPORT_ORGS=3000      # with 10,000 contacts: a 10,000-row file
IMPORT_CONTACTS=10000
ADMIN=admin@demo.clusterdesk.test
export CLUSTERDESK_PASSWORD=bench-password-1
unset CLUSTERDESK_DB CLUSTERDESK_LISTEN CLUSTERDESK_THREADS

SERVER_PID=
ROWS=()   # table rows: what|figure|target|verdict

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*"; }

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    SERVER_PID=
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Seconds since an earlier $EPOCHREALTIME, with milliseconds.
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }
# verdict VALUE OP LIMIT: "ok" or "MISS" (OP is < or >=).
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        ok = (op == "<") ? (v < l) : (v >= l); print ok ? "ok" : "MISS" }'
}
row() { ROWS+=("$1|$2|$3|$4"); }

[ -x "$BIN" ] || die "no binary at $BIN (run make build, or pass its path)"
command -v curl >/dev/null || die "curl is needed"
HAVE_WRK=1
command -v wrk >/dev/null || { HAVE_WRK=0; note "wrk not found (scripts/install-deps installs it): load figures skipped"; }

mkdir -p "$OUT"
rm -f "$DB" "$DB-wal" "$DB-shm" "$OUT"/*.txt "$OUT"/*.html "$OUT"/cookies "$OUT"/import.csv

echo "clusterdesk bench: $("$BIN" --version), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"

# ---- data ----
t0=$EPOCHREALTIME
"$BIN" demo --db "$DB" --organisations "$ORGS" --contacts "$CONTACTS" >"$OUT/demo.txt" 2>&1 ||
    { cat "$OUT/demo.txt" >&2; die "demo failed"; }
DEMO_SECONDS=$(elapsed "$t0")
note "loaded $ORGS organisations and $CONTACTS contacts in ${DEMO_SECONDS} s"
row "demo load ($ORGS orgs, $CONTACTS contacts)" "${DEMO_SECONDS} s" "-" "-"

TOKEN=$("$BIN" token create --db "$DB" --user "$ADMIN" 2>"$OUT/token.txt") ||
    { cat "$OUT/token.txt" >&2; die "token create failed"; }

# ---- server ----
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 2 >"$OUT/server.txt" 2>&1 &
SERVER_PID=$!
PORT=
for _ in $(seq 100); do
    PORT=$(sed -n 's|^clusterdesk: listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$OUT/server.txt")
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$PORT" ] || { cat "$OUT/server.txt" >&2; die "the server did not start"; }
BASE=http://127.0.0.1:$PORT
note "server $SERVER_PID on $BASE"
sleep 1
RSS_REST=$(rss_mb "$SERVER_PID")

# ---- sign in: the pre-session cookie and its CSRF field, then the form ----
JAR=$OUT/cookies
# Every request is bounded; an import may take long on a slow store.
CURL=(curl -s --max-time 60)
CURL_LONG=(curl -s --max-time 600)
status() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@"; }
csrf_of() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1; }
"${CURL[@]}" -c "$JAR" -b "$JAR" -o "$OUT/signin.html" "$BASE/signin"
PRE_CSRF=$(csrf_of "$OUT/signin.html")
[ -n "$PRE_CSRF" ] || die "no _csrf field on /signin"
code=$(status -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$PRE_CSRF" \
    --data-urlencode "email=$ADMIN" --data-urlencode "password=$CLUSTERDESK_PASSWORD" \
    "$BASE/signin")
SESSION=$(awk '$6 == "cd_session" { print $7 }' "$JAR")
[ "$code" = 303 ] && [ -n "$SESSION" ] || die "sign-in failed (HTTP $code)"
COOKIE="Cookie: cd_session=$SESSION"
BEARER="Authorization: Bearer $TOKEN"

# An organisation in the middle of the register.
ORG_ID=
if command -v sqlite3 >/dev/null; then
    ORG_ID=$(sqlite3 "file:$DB?mode=ro" "SELECT id FROM organisation ORDER BY id
        LIMIT 1 OFFSET (SELECT count(*) / 2 FROM organisation)" 2>/dev/null)
fi
[ -n "$ORG_ID" ] || ORG_ID=$((ORGS / 2))

# ---- load ----
# bench_url NAME HEADER PATH: checks the answer, then runs wrk.
bench_url() {
    local name=$1 header=$2 path=$3 code line rps p99 p50 log
    log=$OUT/wrk-$(tr -c 'a-zA-Z0-9\n' '-' <<<"${path#/}").txt
    code=$(status -H "$header" "$BASE$path")
    if [ "$code" != 200 ]; then
        note "$name: HTTP $code (not available yet?); skipped"
        row "$name" "HTTP $code" ">= 5000 req/s" "n/a"
        return
    fi
    if [ "$HAVE_WRK" = 0 ]; then
        row "$name" "no wrk" ">= 5000 req/s" "n/a"
        return
    fi
    wrk -t2 -c4 -d"${DURATION}s" --latency -H "$header" -s "$ROOT/bench/report.lua" \
        "$BASE$path" >"$log" 2>&1
    line=$(grep '^BENCH ' "$log")
    if [ -z "$line" ]; then
        note "$name: wrk failed"; cat "$log" >&2
        row "$name" "wrk failed" ">= 5000 req/s" "n/a"
        return
    fi
    get() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
    rps=$(get rps); p50=$(get p50_us); p99=$(get p99_us)
    local bad=$(( $(get non2xx) + $(get errors) ))
    local p99ms p50ms
    p99ms=$(awk -v u="$p99" 'BEGIN { printf "%.2f", u / 1000 }')
    p50ms=$(awk -v u="$p50" 'BEGIN { printf "%.2f", u / 1000 }')
    note "$name: $rps req/s, p50 $p50ms ms, p99 $p99ms ms, $bad bad answers"
    local v
    v=$(verdict "$rps" ">=" 5000)
    [ "$(verdict "$p99ms" "<" 5)" = ok ] || v=MISS
    [ "$bad" = 0 ] || v="MISS ($bad bad answers)"
    row "$name" "$rps req/s, p99 $p99ms ms" ">= 5000 req/s, p99 < 5 ms" "$v"
}

bench_url "GET /organisations" "$COOKIE" "/organisations"
bench_url "GET /api/v1/organisations" "$BEARER" "/api/v1/organisations"
bench_url "GET /organisations/$ORG_ID" "$COOKIE" "/organisations/$ORG_ID"

RSS_LOAD=$(rss_mb "$SERVER_PID")
row "server RSS at rest" "$RSS_REST MB" "< 30 MB" "$(verdict "$RSS_REST" "<" 30)"
row "server RSS after the load" "$RSS_LOAD MB" "< 64 MB" "$(verdict "$RSS_LOAD" "<" 64)"

# ---- import: upload and preview, then apply ----
"$BIN" demo --csv "$OUT/import.csv" --organisations $IMPORT_ORGS \
    --contacts $IMPORT_CONTACTS --seed 7 >/dev/null || die "cannot write the CSV"
NROWS=$(( $(wc -l <"$OUT/import.csv") - 1 ))
code=$(status -H "$COOKIE" "$BASE/import")
if [ "$code" != 200 ]; then
    note "import: page not available yet (HTTP $code)"
    row "import ($NROWS rows)" "page not available yet" "< 1 s" "n/a"
else
    "${CURL[@]}" -H "$COOKIE" -o "$OUT/import-form.html" "$BASE/import"
    CSRF=$(csrf_of "$OUT/import-form.html")
    t0=$EPOCHREALTIME
    code=$("${CURL_LONG[@]}" -H "$COOKIE" -o "$OUT/import-preview.html" -w '%{http_code}' \
        -F "_csrf=$CSRF" -F "file=@$OUT/import.csv;type=text/csv" "$BASE/import")
    PREVIEW=$(elapsed "$t0")
    UPLOAD=$(sed -n 's|.*action="/import/\([0-9]*\)".*|\1|p' "$OUT/import-preview.html" | head -n 1)
    if [ "$code" != 200 ] || [ -z "$UPLOAD" ]; then
        note "import: the preview answered HTTP $code without an import button (see $OUT/import-preview.html)"
        row "import preview ($NROWS rows)" "${PREVIEW} s, HTTP $code" "-" "n/a"
    else
        SUMMARY=$(sed -n 's|.*<p>\([^<]* rows: [^<]*\)</p>.*|\1|p' "$OUT/import-preview.html" | head -n 1)
        t0=$EPOCHREALTIME
        code=$("${CURL_LONG[@]}" -o /dev/null -w '%{http_code}' -H "$COOKIE" \
            --data-urlencode "_csrf=$CSRF" "$BASE/import/$UPLOAD")
        APPLY=$(elapsed "$t0")
        TOTAL=$(awk -v a="$PREVIEW" -v b="$APPLY" 'BEGIN { printf "%.3f", a + b }')
        note "import: ${SUMMARY%.}; preview ${PREVIEW} s, apply ${APPLY} s (HTTP $code)"
        row "import preview ($NROWS rows)" "${PREVIEW} s" "-" "-"
        if [ "$code" = 303 ]; then
            row "import apply" "${APPLY} s" "-" "-"
            row "import, preview + apply" "${TOTAL} s" "< 1 s" "$(verdict "$TOTAL" "<" 1)"
        else
            row "import apply" "HTTP $code after ${APPLY} s" "< 1 s" "MISS"
        fi
    fi
fi

# ---- the table ----
echo
echo "Figures ($ORGS organisations, $CONTACTS contacts; wrk -t2 -c4 -d${DURATION}s; server --threads 2)"
fmt="%-44s %-30s %-27s %s\n"
printf "$fmt" "what" "figure" "target" "verdict"
printf "$fmt" "----" "------" "------" "-------"
for r in "${ROWS[@]}"; do
    IFS='|' read -r a b c d <<<"$r"
    printf "$fmt" "$a" "$b" "$c" "$d"
done
