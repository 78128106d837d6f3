#!/usr/bin/env bash
# The figures of issue 3, printed, never asserted: a database with 10,000
# memberships and five years of invoices and payments from `clusterdesk
# demo`, then
#   - the dashboard page under wrk (four connections, two server threads),
#   - dues generation of the next fiscal year for every membership,
#   - the board report PDF, by the command and through the web page.
#
# usage: bench/membership.sh [BINARY]   (default build/clusterdesk)
# Environment: DURATION (wrk seconds, default 10), MEMBERS (10000),
# YEARS (5), TODAY (2026-11-22, so the figures do not move with the clock).
# Everything it writes goes to bench/out/ (ignored by git).
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-${CLUSTERDESK_BIN:-$ROOT/build/clusterdesk}}
OUT=$ROOT/bench/out
DB=$OUT/membership.db
DURATION=${DURATION:-10}
MEMBERS=${MEMBERS:-10000}
YEARS=${YEARS:-5}
TODAY=${TODAY:-2026-11-22}
# Members are 62 % of organisations in the demo; ask for enough of both.
ORGS=$(( MEMBERS + MEMBERS / 10 ))
ADMIN=admin@demo.clusterdesk.test
SLUG=demo-cluster
export CLUSTERDESK_PASSWORD=bench-password-1
unset CLUSTERDESK_DB CLUSTERDESK_LISTEN CLUSTERDESK_THREADS CLUSTERDESK_TODAY

. "$ROOT/bench/lib.sh"

rm -f "$DB" "$DB-wal" "$DB-shm"
echo "clusterdesk bench (membership): $("$BIN" --version), $(nproc) cores"

# ---- data ----
t0=$EPOCHREALTIME
"$BIN" demo --db "$DB" --organisations "$ORGS" --contacts "$ORGS" \
    --members "$MEMBERS" --years "$YEARS" --today "$TODAY" >"$OUT/demo.txt" 2>&1 ||
    { cat "$OUT/demo.txt" >&2; die "demo failed"; }
note "demo: $(head -n 1 "$OUT/demo.txt") in $(elapsed "$t0") s"
if command -v sqlite3 >/dev/null; then
    note "$(sqlite3 "file:$DB?mode=ro" "SELECT (SELECT count(*) FROM membership) || ' memberships, ' ||
        (SELECT count(*) FROM invoice) || ' invoices, ' ||
        (SELECT count(*) FROM payment) || ' payments'")"
fi
row "demo load ($MEMBERS memberships, $YEARS years)" "$(elapsed "$t0") s" "-" "-"

# ---- dues generation: next fiscal year, every running membership ----
NEXT=$(( ${TODAY:0:4} + 1 ))
t0=$EPOCHREALTIME
"$BIN" dues generate --db "$DB" --cluster "$SLUG" --year "$NEXT" --today "$TODAY" \
    >"$OUT/dues.txt" 2>&1 || { cat "$OUT/dues.txt" >&2; die "dues generate failed"; }
DUES=$(elapsed "$t0")
note "dues generate $NEXT: $(cat "$OUT/dues.txt") in $DUES s (the whole command)"
row "dues generation ($(grep -o '^[0-9]*' "$OUT/dues.txt") invoices)" "$DUES s" "< 1 s" "$(verdict "$DUES" "<" 1)"
t0=$EPOCHREALTIME
"$BIN" dues generate --db "$DB" --cluster "$SLUG" --year "$NEXT" --today "$TODAY" >/dev/null
row "dues generation again (creates 0)" "$(elapsed "$t0") s" "-" "-"

# ---- board report by the command (process start included) ----
HALF=${TODAY:0:4}H2
best=
for _ in 1 2 3; do
    t0=$EPOCHREALTIME
    "$BIN" report board --db "$DB" --cluster "$SLUG" --half "$HALF" --today "$TODAY" \
        --out "$OUT/board.pdf" >"$OUT/report.txt" 2>&1 ||
        { cat "$OUT/report.txt" >&2; die "report board failed"; }
    t=$(elapsed "$t0")
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
done
row "board report PDF, command (best of 3)" "$best s" "< 0.3 s" "$(verdict "$best" "<" 0.3)"

# ---- the server ----
start_server "$DB" --today "$TODAY"
sign_in "$ADMIN" "$CLUSTERDESK_PASSWORD"
t0=$EPOCHREALTIME
code=$(status -H "$COOKIE" "$BASE/")
row "dashboard, first view (computes)" "$(elapsed "$t0") s, HTTP $code" "-" "-"
bench_url "GET / (dashboard)" "$COOKIE" "/" 2000 10
best=
for _ in 1 2 3; do
    t0=$EPOCHREALTIME
    code=$(status -H "$COOKIE" "$BASE/reports/board.pdf?half=$HALF")
    t=$(elapsed "$t0")
    best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
done
row "board report PDF, web (best of 3)" "$best s, HTTP $code" "< 0.3 s" "$(verdict "$best" "<" 0.3)"
row "server RSS after the load" "$(rss_mb "$SERVER_PID") MB" "-" "-"

print_table "Figures ($MEMBERS memberships, $YEARS years of dues; wrk -t2 -c4 -d${DURATION}s; server --threads 2)"
