# Shared by the bench scripts (sourced, not run): the result table, a
# server on a free port stopped on any exit, signing in through the
# form, and wrk against one URL. Expects ROOT, BIN and OUT to be set.
export LC_ALL=C
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

# Every request is bounded; an import may take long on a slow store.
CURL=(curl -s --max-time 60)
CURL_LONG=(curl -s --max-time 600)
status() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@"; }
csrf_of() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1; }

# start_server DB [serve options]: sets SERVER_PID, BASE and RSS_REST.
start_server() {
    local db=$1; shift
    "$BIN" serve --db "$db" --listen 127.0.0.1:0 --threads 2 "$@" >"$OUT/server.txt" 2>&1 &
    SERVER_PID=$!
    local port=
    for _ in $(seq 100); do
        port=$(sed -n 's|^clusterdesk: listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$OUT/server.txt")
        [ -n "$port" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$OUT/server.txt" >&2; die "the server did not start"; }
    BASE=http://127.0.0.1:$port
    note "server $SERVER_PID on $BASE"
    sleep 1
    RSS_REST=$(rss_mb "$SERVER_PID")
}

# sign_in EMAIL PASSWORD: the pre-session cookie and its CSRF field, then
# the form; sets COOKIE (a header).
sign_in() {
    local jar=$OUT/cookies code session
    rm -f "$jar"
    "${CURL[@]}" -c "$jar" -b "$jar" -o "$OUT/signin.html" "$BASE/signin"
    local pre
    pre=$(csrf_of "$OUT/signin.html")
    [ -n "$pre" ] || die "no _csrf field on /signin"
    code=$(status -c "$jar" -b "$jar" --data-urlencode "_csrf=$pre" \
        --data-urlencode "email=$1" --data-urlencode "password=$2" \
        "$BASE/signin")
    session=$(awk '$6 == "cd_session" { print $7 }' "$jar")
    [ "$code" = 303 ] && [ -n "$session" ] || die "sign-in failed (HTTP $code)"
    COOKIE="Cookie: cd_session=$session"
}

# bench_url NAME HEADER PATH MIN_RPS MAX_P99_MS: checks the answer, then
# runs wrk with four connections (DURATION seconds) and adds a row.
bench_url() {
    local name=$1 header=$2 path=$3 min_rps=$4 max_p99=$5 code line rps p99 p50 log
    local target=">= $min_rps req/s, p99 < $max_p99 ms"
    log=$OUT/wrk-$(tr -c 'a-zA-Z0-9\n' '-' <<<"${path#/}").txt
    code=$(status -H "$header" "$BASE$path")
    if [ "$code" != 200 ]; then
        note "$name: HTTP $code (not available yet?); skipped"
        row "$name" "HTTP $code" "$target" "n/a"
        return
    fi
    if [ "$HAVE_WRK" = 0 ]; then
        row "$name" "no wrk" "$target" "n/a"
        return
    fi
    wrk -t2 -c4 -d"${DURATION}s" --latency -H "$header" -s "$ROOT/bench/report.lua" \
        "$BASE$path" >"$log" 2>&1
    line=$(grep '^BENCH ' "$log")
    if [ -z "$line" ]; then
        note "$name: wrk failed"; cat "$log" >&2
        row "$name" "wrk failed" "$target" "n/a"
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
    v=$(verdict "$rps" ">=" "$min_rps")
    [ "$(verdict "$p99ms" "<" "$max_p99")" = ok ] || v=MISS
    [ "$bad" = 0 ] || v="MISS ($bad bad answers)"
    row "$name" "$rps req/s, p99 $p99ms ms" "$target" "$v"
}

# print_table TITLE
print_table() {
    echo
    echo "$1"
    local fmt="%-44s %-30s %-27s %s\n"
    printf "$fmt" "what" "figure" "target" "verdict"
    printf "$fmt" "----" "------" "------" "-------"
    for r in "${ROWS[@]}"; do
        IFS='|' read -r a b c d <<<"$r"
        printf "$fmt" "$a" "$b" "$c" "$d"
    done
}
