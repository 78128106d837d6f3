#!/usr/bin/env bash
# The figures of issue 4, printed, never asserted: a database with 50,000
# leads and 1,000,000 activities from `clusterdesk demo --leads --activities`
# (made once and kept in bench/out/, since it takes a while), then
#   - the funnel board and the monthly report under wrk (four connections,
#     two server threads), and each one's server time when not cached
#     (the first request after a write),
#   - the page of the organisation with the 1,000-entry timeline,
#   - an activity CSV import of 100,000 rows through the web pages
#     (upload and preview, then apply).
#
# usage: bench/funnel.sh [BINARY]   (default build/clusterdesk)
# Environment: DURATION (wrk seconds, default 10), LEADS (50000),
# ACTIVITIES (1000000), IMPORT_ROWS (100000), TODAY (2026-11-22, so the
# figures do not move with the clock), FRESH=1 to make the database again.
# Everything it writes goes to bench/out/ (ignored by git).
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-${CLUSTERDESK_BIN:-$ROOT/build/clusterdesk}}
OUT=$ROOT/bench/out
DURATION=${DURATION:-10}
LEADS=${LEADS:-50000}
ACTIVITIES=${ACTIVITIES:-1000000}
IMPORT_ROWS=${IMPORT_ROWS:-100000}
TODAY=${TODAY:-2026-11-22}
# One contact for most leads, two for some.
CONTACTS=$(( LEADS + LEADS / 5 ))
ADMIN=admin@demo.clusterdesk.test
export CLUSTERDESK_PASSWORD=bench-password-1
unset CLUSTERDESK_DB CLUSTERDESK_LISTEN CLUSTERDESK_THREADS CLUSTERDESK_TODAY

. "$ROOT/bench/lib.sh"

# The made database is kept under a name that says how it was made; each
# run works on a copy, since the import adds to it.
CACHE=$OUT/funnel-L$LEADS-A$ACTIVITIES-$TODAY.db
DB=$OUT/funnel.db
echo "clusterdesk bench (funnel): $("$BIN" --version), $(nproc) cores"

# ---- data ----
if [ "${FRESH:-0}" = 1 ] || [ ! -s "$CACHE" ]; then
    rm -f "$CACHE" "$CACHE-wal" "$CACHE-shm"
    t0=$EPOCHREALTIME
    "$BIN" demo --db "$CACHE" --leads "$LEADS" --contacts "$CONTACTS" \
        --activities "$ACTIVITIES" --today "$TODAY" >"$CACHE.txt" 2>&1 ||
        { cat "$CACHE.txt" >&2; rm -f "$CACHE"; die "demo failed"; }
    LOAD=$(elapsed "$t0")
    note "demo: $(sed -n 3,4p "$CACHE.txt" | tr '\n' ' ')in $LOAD s"
    row "demo load ($LEADS leads, $ACTIVITIES activities)" "$LOAD s" "< 60 s" \
        "$(verdict "$LOAD" "<" 60)"
    # A checkpoint leaves one file to copy.
    if command -v sqlite3 >/dev/null; then
        sqlite3 "$CACHE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    fi
else
    note "demo: using $CACHE (FRESH=1 makes it again)"
    row "demo load ($LEADS leads, $ACTIVITIES activities)" "cached" "< 60 s" "-"
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$CACHE" "$DB" || die "cannot copy $CACHE"
[ -f "$CACHE-wal" ] && cp "$CACHE-wal" "$DB-wal"

# The organisation with the 1,000-entry timeline: the demo names it.
BIG=$(sed -n 's/.*organisation \([0-9]*\) has the longest timeline.*/\1/p' \
    "$CACHE.txt" 2>/dev/null)
if command -v sqlite3 >/dev/null; then
    BIG=$(sqlite3 "file:$DB?mode=ro" "SELECT organisation_id FROM activity
        GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 1")
    note "$(sqlite3 "file:$DB?mode=ro" "SELECT (SELECT count(*) FROM lead) || ' organisations, ' ||
        (SELECT count(*) FROM activity) || ' activities, ' ||
        (SELECT count(*) FROM warm_period) || ' warm periods; organisation $BIG has ' ||
        (SELECT count(*) FROM activity WHERE organisation_id = '$BIG') || ' activities'")"
fi
[ -n "$BIG" ] || die "no organisation with a long timeline (see $CACHE.txt)"

BEARER="Authorization: Bearer $("$BIN" token create --db "$DB" --user "$ADMIN" | tail -n 1)"
start_server "$DB" --today "$TODAY"
sign_in "$ADMIN" "$CLUSTERDESK_PASSWORD"
MONTH=${TODAY:0:7}
REPORT="/funnel/report?month=$MONTH&months=12"

# ms PATH: the time to the first byte of one answer, in milliseconds.
ms() {
    "${CURL[@]}" -o /dev/null -H "$COOKIE" -w '%{http_code} %{time_starttransfer}' "$BASE$1" |
        awk '{ printf "%.1f ms, HTTP %s", $2 * 1000, $1 }'
}
# write_one: an activity through the API, so every cache is stale.
write_one() {
    "${CURL[@]}" -o /dev/null -H "$BEARER" -H 'Content-Type: application/json' \
        --data "{\"organisation_id\": $BIG, \"kind\": \"note\", \"date\": \"$TODAY\", \"text\": \"bench\"}" \
        "$BASE/api/v1/activities"
}
# uncached NAME PATH: the best of three first requests after a write
# (the page's cache is keyed by the data's stamp, so it computes again).
uncached() {
    local best='' t
    for _ in 1 2 3; do
        write_one
        t=$(ms "$2")
        [ -z "$best" ] || [ "$(awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { print (a < b) }')" = 1 ] && best=$t
    done
    note "$1 after a write: $best"
    row "$1 after a write (best of 3)" "$best" "< 50 ms" "$(verdict "${best%% *}" "<" 50)"
}

# ---- the funnel board and the monthly report ----
uncached "board, first" "/funnel"
uncached "report, first" "$REPORT"
bench_url "GET /funnel (board)" "$COOKIE" "/funnel" 500 50
bench_url "GET /funnel/report (12 months)" "$COOKIE" "$REPORT" 500 50

# ---- the organisation page with a 1,000-entry timeline ----
best=
for _ in 1 2 3 4 5; do
    t=$(ms "/organisations/$BIG")
    [ -z "$best" ] || [ "$(awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN { print (a < b) }')" = 1 ] && best=$t
done
row "organisation page, 1,000 activities (best of 5)" "$best" "< 5 ms" "$(verdict "${best%% *}" "<" 5)"
# At 5 ms a page, two server threads answer 400 a second.
bench_url "GET /organisations/$BIG (1,000 activities)" "$COOKIE" "/organisations/$BIG" 400 50
LOG=$OUT/wrk-organisations-$BIG.txt
if [ -f "$LOG" ]; then
    P50=$(sed -n 's/.* p50_us=\([0-9.]*\).*/\1/p' "$LOG" | awk '{ printf "%.2f", $1 / 1000 }')
    [ -n "$P50" ] && row "organisation page, p50 under load" "$P50 ms" "< 5 ms" "$(verdict "$P50" "<" 5)"
fi
row "server RSS after the load" "$(rss_mb "$SERVER_PID") MB" "-" "-"

# ---- activity import: 100,000 rows, upload and preview, then apply ----
CSV=$OUT/activities.csv
if command -v sqlite3 >/dev/null; then
    # Organisations by name, their contact by e-mail, kinds and days over
    # the year: what a team exports from its mail tool or old CRM.
    sqlite3 -csv -header "file:$DB?mode=ro" "
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < $IMPORT_ROWS),
        o AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, name FROM organisation),
        no AS (SELECT count(*) AS c FROM o)
        SELECT o.name AS organisation,
               ifnull((SELECT email FROM contact c WHERE c.organisation_id = o.id
                       ORDER BY c.id LIMIT 1), '') AS contact,
               CASE n % 10 WHEN 0 THEN 'email_reply' WHEN 1 THEN 'call'
                    WHEN 2 THEN 'social' WHEN 3 THEN 'note' ELSE 'email_out' END AS kind,
               date('$TODAY', '-' || (n * 7 % 365) || ' days') AS date,
               'Imported from the old CRM, entry ' || n AS text
        FROM i, no JOIN o ON o.k = (i.n * 7919) % no.c" >"$CSV" ||
        die "cannot write the activity CSV"
else
    # Without sqlite3: organisations by id (a fresh database numbers them
    # from 1).
    NORGS=$(( LEADS + 108 ))
    awk -v n="$IMPORT_ROWS" -v orgs="$NORGS" 'BEGIN {
        print "organisation_id,kind,date,text"
        split("email_reply call social note email_out email_out email_out email_out email_out email_out", k, " ")
        for (i = 0; i < n; i++)
            printf "%d,%s,2026-%02d-%02d,Imported from the old CRM entry %d\n",
                1 + (i * 7919) % orgs, k[1 + i % 10], 1 + i % 10, 1 + i % 28, i
    }' >"$CSV"
fi
NROWS=$(( $(wc -l <"$CSV") - 1 ))
code=$(status -H "$COOKIE" "$BASE/activities/import")
if [ "$code" != 200 ]; then
    note "activity import: page not available yet (HTTP $code)"
    row "activity import ($NROWS rows)" "page not available yet" "< 2 s" "n/a"
else
    "${CURL[@]}" -H "$COOKIE" -o "$OUT/activities-form.html" "$BASE/activities/import"
    CSRF=$(csrf_of "$OUT/activities-form.html")
    t0=$EPOCHREALTIME
    code=$("${CURL_LONG[@]}" -H "$COOKIE" -o "$OUT/activities-preview.html" -w '%{http_code}' \
        -F "_csrf=$CSRF" -F "file=@$CSV;type=text/csv" "$BASE/activities/import")
    PREVIEW=$(elapsed "$t0")
    UPLOAD=$(sed -n 's|.*action="/activities/import/\([0-9]*\)".*|\1|p' "$OUT/activities-preview.html" | head -n 1)
    if [ "$code" != 200 ] || [ -z "$UPLOAD" ]; then
        note "activity import: the preview answered HTTP $code without an import button (see $OUT/activities-preview.html)"
        row "activity import preview ($NROWS rows)" "${PREVIEW} s, HTTP $code" "-" "n/a"
    else
        SUMMARY=$(sed -n 's|.*<p id="import-counts">\([^<]*\)</p>.*|\1|p' "$OUT/activities-preview.html" | head -n 1)
        t0=$EPOCHREALTIME
        code=$("${CURL_LONG[@]}" -o /dev/null -w '%{http_code}' -H "$COOKIE" \
            --data-urlencode "_csrf=$CSRF" "$BASE/activities/import/$UPLOAD")
        APPLY=$(elapsed "$t0")
        TOTAL=$(awk -v a="$PREVIEW" -v b="$APPLY" 'BEGIN { printf "%.3f", a + b }')
        note "activity import: ${SUMMARY%.}; preview ${PREVIEW} s, apply ${APPLY} s (HTTP $code)"
        row "activity import preview ($NROWS rows)" "${PREVIEW} s" "-" "-"
        if [ "$code" = 303 ]; then
            row "activity import apply" "${APPLY} s" "-" "-"
            row "activity import, preview + apply" "${TOTAL} s" "< 2 s" "$(verdict "$TOTAL" "<" 2)"
        else
            row "activity import apply" "HTTP $code after ${APPLY} s" "< 2 s" "MISS"
        fi
        # After the import every cache is stale: the board computes again.
        row "GET /funnel, first after the import" "$(ms /funnel)" "< 50 ms" "-"
    fi
fi

print_table "Figures ($LEADS leads, $ACTIVITIES activities; wrk -t2 -c4 -d${DURATION}s; server --threads 2)"
