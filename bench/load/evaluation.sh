#!/usr/bin/env bash
# Load benchmark of the live evaluation (not part of CI), as issue 9 asks: /api/evaluation, /api/dashboard (signed in as the
# demo leader) and the public /evaluation page, each against a static file served by the same Kestrel in the same run, with
# wrk at 64 connections. Prints requests/s, p50 and p99 latency and the ratio to the static file, and writes the table to
# artifacts/load/evaluation.md. Target: each at least 0.5 × the static file's requests/s, with p99 under 20 ms.
#
# What it does: installs wrk with apt-get when missing; publishes Meicheng.Web (Release; NO_BUILD=1 reuses the last
# Release build) and starts it in Production on a free port over a fresh SQLite database in demo mode (plans, demo
# accounts and ten years of demo observations); signs in as the demo leader through the sign-in form; warms up; then runs
# wrk against each URL in turn, only on 127.0.0.1.
#
#   bash bench/load/evaluation.sh            # 10 s per URL (DURATION=30 for longer, CONNECTIONS=…, THREADS=…)
set -euo pipefail

duration="${DURATION:-10}"
year="${YEAR:-2026}"
# shellcheck source=bench/load/lib.sh
source "$(dirname "$0")/lib.sh"

leader_email="demo-leader@meicheng.demo"
demo_password="Load-$(date +%s)-pass"
start_app Demo__Enabled=true Demo__Password="$demo_password"

# Sign in as the demo leader through the sign-in form (antiforgery token and cookie), as a person would.
jar="$work/cookies"
sign_in "$leader_email" "$demo_password" "$jar"
# curl's jar marks HttpOnly cookies with a #HttpOnly_ prefix: those are cookies too.
cookie="$(awk -F'\t' '($0 ~ /^#HttpOnly_/ || $0 !~ /^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")"

static="$base$static_path"
api_evaluation="$base/api/evaluation?year=$year"
api_dashboard="$base/api/dashboard?year=$year"
page="$base/evaluation?year=$year"
names=(static api_evaluation api_dashboard page)
declare -A url=([static]="$static" [api_evaluation]="$api_evaluation" [api_dashboard]="$api_dashboard" [page]="$page")
declare -A label=([static]="\`$static_path\` (static file)" [api_evaluation]="\`/api/evaluation?year=$year\` (leader)"
    [api_dashboard]="\`/api/dashboard?year=$year\` (leader)" [page]="\`/evaluation?year=$year\` (leader)")
# The live evaluation is for signed-in staff (the public sees published rounds on /showcase): every URL but the static file signs in.
declare -A header=([api_evaluation]="Cookie: $cookie" [api_dashboard]="Cookie: $cookie" [page]="Cookie: $cookie")
# Every request asks for a compressed answer, as every browser does: the static file is then served pre-compressed by
# MapStaticAssets and the cached evaluation JSON from its cached gzip form. "bytes" below are the bytes on the wire.
accept="Accept-Encoding: gzip, deflate, br"

for name in "${names[@]}"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' ${header[$name]:+-H "${header[$name]}"} "${url[$name]}")"
    [[ "$code" == 200 ]] || { echo "GET ${url[$name]} answered $code" >&2; exit 1; }
done
curl -fs -H "Cookie: $cookie" "$api_dashboard" | jq -e '.observationsUsed > 0' >/dev/null \
    || { echo "The dashboard uses no observations: is demo data seeded?" >&2; exit 1; }

echo "Warming up…"
for name in "${names[@]}"; do
    if [[ -n "${header[$name]:-}" ]]; then wrk -t"$threads" -c"$connections" -d2s -H "$accept" -H "${header[$name]}" "${url[$name]}" >/dev/null
    else wrk -t"$threads" -c"$connections" -d2s -H "$accept" "${url[$name]}" >/dev/null; fi
done

declare -A rps p50 p99 bytes
for name in "${names[@]}"; do
    echo "wrk -t$threads -c$connections -d${duration}s --latency ${url[$name]}"
    if [[ -n "${header[$name]:-}" ]]; then out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "$accept" -H "${header[$name]}" "${url[$name]}")"
    else out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "$accept" "${url[$name]}")"; fi
    rps[$name]="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    p50[$name]="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99[$name]="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    bytes[$name]="$(curl -fs -H "$accept" ${header[$name]:+-H "${header[$name]}"} "${url[$name]}" | wc -c)"
    if grep -q "Non-2xx" <<<"$out"; then echo "$out"; echo "Non-2xx responses from ${url[$name]}" >&2; exit 1; fi
done

cores="$(nproc)"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
report="$root/artifacts/load/evaluation.md"
mkdir -p "$(dirname "$report")"
{
    echo "# Live evaluation under load"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $cores cores (load average $load after the runs) · \`wrk -t$threads -c$connections -d${duration}s --latency\` · Meicheng.Web Release, Production, SQLite, demo data"
    echo
    echo "| URL | bytes | requests/s | p50 (ms) | p99 (ms) | throughput vs static |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    for name in "${names[@]}"; do
        echo "| ${label[$name]} | ${bytes[$name]} | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | $(ratio "${rps[$name]}" "${rps[static]}") |"
    done
    echo
    echo "Target: each at least 0.5 × the static file's requests/s, p99 under 20 ms."
} >"$report"

echo
cat "$report"
pass=1
for name in api_evaluation api_dashboard page; do
    awk -v r="${rps[$name]}" -v s="${rps[static]}" -v p="${p99[$name]}" 'BEGIN { exit !(r >= 0.5 * s && p < 20) }' || pass=0
done
if [[ $pass == 1 ]]; then echo "Target met."; else echo "Target NOT met."; fi
