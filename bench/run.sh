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

. "$ROOT/bench/lib.sh"

rm -f "$DB" "$DB-wal" "$DB-shm" "$OUT"/*.txt "$OUT"/*.html "$OUT"/cookies "$OUT"/import.csv

echo "clusterdesk bench: $("$BIN" --version), $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"

# ---- data ----
t0=$EPOCHREALTIME
"$BIN" demo --db "$DB" --organisations "$ORGS" --contacts "$CONTACTS" --members 0 >"$OUT/demo.txt" 2>&1 ||
    { cat "$OUT/demo.txt" >&2; die "demo failed"; }
DEMO_SECONDS=$(elapsed "$t0")
note "loaded $ORGS organisations and $CONTACTS contacts in ${DEMO_SECONDS} s"
row "demo load ($ORGS orgs, $CONTACTS contacts)" "${DEMO_SECONDS} s" "-" "-"

TOKEN=$("$BIN" token create --db "$DB" --user "$ADMIN" 2>"$OUT/token.txt") ||
    { cat "$OUT/token.txt" >&2; die "token create failed"; }

# ---- server ----
start_server "$DB"
sign_in "$ADMIN" "$CLUSTERDESK_PASSWORD"
BEARER="Authorization: Bearer $TOKEN"

# An organisation in the middle of the register.
ORG_ID=
if command -v sqlite3 >/dev/null; then
    ORG_ID=$(sqlite3 "file:$DB?mode=ro" "SELECT id FROM organisation ORDER BY id
        LIMIT 1 OFFSET (SELECT count(*) / 2 FROM organisation)" 2>/dev/null)
fi
[ -n "$ORG_ID" ] || ORG_ID=$((ORGS / 2))

# ---- load ----
bench_url "GET /organisations" "$COOKIE" "/organisations" 5000 5
bench_url "GET /api/v1/organisations" "$BEARER" "/api/v1/organisations" 5000 5
bench_url "GET /organisations/$ORG_ID" "$COOKIE" "/organisations/$ORG_ID" 5000 5

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

print_table "Figures ($ORGS organisations, $CONTACTS contacts; wrk -t2 -c4 -d${DURATION}s; server --threads 2)"
