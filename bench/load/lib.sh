# Shared start-up of the load scripts (sourced, not run): wrk, a published Meicheng.Web in Production on a free port over a
# fresh SQLite database, the sign-in form, and the helpers that read wrk's output. Each script sets what differs (its
# duration, the app's extra settings, the URLs) and calls these.
#
#   root                  the repository                    work        a temporary folder, removed on exit with the app
#   connections, threads  wrk's -c and -t (CONNECTIONS, THREADS)           static_path the static file compared with (STATIC_PATH)
#   base                  http://127.0.0.1:<port>, once start_app ran

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
static_path="${STATIC_PATH:-/css/site.css}"

if ! command -v wrk >/dev/null; then
    echo "Installing wrk…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

work="$(mktemp -d /tmp/meicheng-load-XXXXXX)"
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# start_app NAME=VALUE…: publishes Meicheng.Web (Release; NO_BUILD=1 reuses the last Release build), starts it in
# Production on a free port of 127.0.0.1 with these extra settings, and waits for /health.
start_app() {
    echo "Publishing Meicheng.Web (Release)…"
    dotnet publish "$root/src/Meicheng.Web" -c Release -o "$work/app" --nologo -v quiet ${NO_BUILD:+--no-build} >/dev/null
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    base="http://127.0.0.1:$port"
    echo "Starting the app on $base (Production, SQLite in $work)…"
    (
        cd "$work/app"
        exec env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" \
            Database__Provider=Sqlite ConnectionStrings__Meicheng="Data Source=$work/meicheng.db" \
            Reporting__EvidenceDirectory="$work/evidence" Environment__ImportDirectory="$work/air-imports" \
            "$@" ./Meicheng.Web
    ) >"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 240); do
        if curl -fs "$base/health" >/dev/null 2>&1; then break; fi
        if ! kill -0 "$app_pid" 2>/dev/null; then cat "$work/app.log"; echo "The app stopped." >&2; exit 1; fi
        sleep 0.5
    done
    curl -fs "$base/health" >/dev/null
}

# sign_in EMAIL PASSWORD JAR: through the sign-in form (antiforgery token and cookie), as a person would.
sign_in() {
    local token
    token="$(curl -fs -c "$3" "$base/account/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n1)"
    curl -fs -o /dev/null -b "$3" -c "$3" --data-urlencode "email=$1" --data-urlencode "password=$2" \
        --data-urlencode "returnUrl=/" --data-urlencode "__RequestVerificationToken=$token" "$base/account/login"
}

# wrk prints latencies as 812.00us, 1.23ms or 1.05s: in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
