#!/usr/bin/env bash
# Load benchmark of the public pages (not part of CI): the showcase home page and a public target page against a static
# file served by the same Kestrel, with wrk at 64 connections. Prints requests/s, p50 and p99 latency and writes the table
# to artifacts/load/public-pages.md.
#
# What it does: installs wrk with apt-get when missing; publishes Meicheng.Web (Release) and starts it in Production on a
# free port over a fresh SQLite database (the plans import at start), with a bootstrap admin; signs in as that admin and,
# through the API, reports and approves two values of one target, freezes an annual round and publishes it, so the pages
# show a real published status and series; warms up; then runs wrk against each URL in turn.
#
#   bash bench/load/public-pages.sh            # 15 s per URL (DURATION=30 for longer, CONNECTIONS=…, THREADS=…)
set -euo pipefail

duration="${DURATION:-15}"
target_id="${TARGET_ID:-bc-t09-performance-ab-enterprises}"
# shellcheck source=bench/load/lib.sh
source "$(dirname "$0")/lib.sh"

admin_email="load-admin@example.cn"
admin_password="Load-$(date +%s)-pass"
start_app Admin__Email="$admin_email" Admin__Password="$admin_password" Security__RequireTwoFactor=false

# The load app runs without the second factor (Security:RequireTwoFactor=false: no authenticator here); nobody approves
# their own entry, so a reviewer the admin creates approves the admin's values.
jar="$work/cookies"
sign_in "$admin_email" "$admin_password" "$jar"
api() { curl -fs -b "$jar" -H 'Content-Type: application/json' "$@"; }
reviewer_email="load-reviewer@example.cn"
reviewer_password="Review-$(date +%s)-pass"
api -o /dev/null -d "{\"email\":\"$reviewer_email\",\"password\":\"$reviewer_password\",\"displayName\":\"负载测试审核人\",\"roles\":[\"reviewer\"]}" "$base/api/admin/users"
reviewer_jar="$work/reviewer-cookies"
sign_in "$reviewer_email" "$reviewer_password" "$reviewer_jar"
review() { curl -fs -b "$reviewer_jar" -H 'Content-Type: application/json' "$@"; }

echo "Seeding: two approved values of $target_id, an annual round, published…"
target_json="$(api "$base/api/targets/$target_id")"
indicator="$(jq -r .indicatorId <<<"$target_json")"
unit="$(jq -r .unit <<<"$target_json")"
for pair in 2024:40 2025:45; do
    year="${pair%%:*}"; value="${pair##*:}"
    period="$(api -d "{\"frequency\":\"annual\",\"year\":$year,\"number\":1,\"indicatorIds\":[\"$indicator\"],\"progress\":false}" "$base/api/reporting/periods" | jq -r '.[0].id')"
    observation="$(api -d "{\"targetId\":\"$target_id\",\"periodId\":$period,\"value\":$value,\"unit\":\"$unit\",\"dataSource\":\"负载测试\",\"submit\":true}" "$base/api/reporting/observations")"
    review -o /dev/null -d "{\"version\":\"$(jq -r .version <<<"$observation")\",\"comment\":\"负载测试\"}" "$base/api/reporting/observations/$(jq -r .id <<<"$observation")/approve"
done
round="$(api -d '{"kind":"annual","year":2026}' "$base/api/evaluation/rounds" | jq -r .id)"
api -o /dev/null -X POST "$base/api/evaluation/rounds/$round/publish"

home="$base/showcase"
target="$base/showcase/targets/$target_id"
static="$base$static_path"
for url in "$home" "$target" "$static"; do
    curl -fs -o /dev/null "$url" || { echo "GET $url failed" >&2; exit 1; }
done
# The published round's status is on the page (a status badge other than "not evaluated").
grep -Eq 'class="status status-(achieved|on-track|needs-attention|off-track)' <(curl -fs "$target") \
    || { echo "The target page shows no published status." >&2; exit 1; }

echo "Warming up…"
for url in "$home" "$target" "$static"; do
    wrk -t"$threads" -c"$connections" -d3s "$url" >/dev/null
done

declare -A rps p50 p99 bytes
for name in home target static; do
    case "$name" in home) url="$home" ;; target) url="$target" ;; static) url="$static" ;; esac
    echo "wrk -t$threads -c$connections -d${duration}s --latency $url"
    out="$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")"
    echo "$out" >"$work/wrk-$name.txt"
    rps[$name]="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")"
    p50[$name]="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
    p99[$name]="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
    bytes[$name]="$(curl -fs "$url" | wc -c)"
    if grep -q "Non-2xx" <<<"$out"; then echo "$out"; echo "Non-2xx responses from $url" >&2; exit 1; fi
done

cores="$(nproc)"
# wrk, the app and anything else on the machine share these cores: the load average says how quiet the run was.
load="$(cut -d' ' -f1-3 /proc/loadavg)"
report="$root/artifacts/load/public-pages.md"
mkdir -p "$(dirname "$report")"
{
    echo "# Public pages under load"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $cores cores (load average $load after the runs) · \`wrk -t$threads -c$connections -d${duration}s --latency\` · Meicheng.Web Release, Production, SQLite, output cache on, no response compression"
    echo
    echo "| URL | bytes | requests/s | p50 (ms) | p99 (ms) | throughput vs static |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| \`/showcase\` | ${bytes[home]} | ${rps[home]} | ${p50[home]} | ${p99[home]} | $(ratio "${rps[home]}" "${rps[static]}") |"
    echo "| \`/showcase/targets/$target_id\` | ${bytes[target]} | ${rps[target]} | ${p50[target]} | ${p99[target]} | $(ratio "${rps[target]}" "${rps[static]}") |"
    echo "| \`$static_path\` (static file) | ${bytes[static]} | ${rps[static]} | ${p50[static]} | ${p99[static]} | 1.00 |"
    echo
    echo "Target: each public page at least 0.5 × the static file's requests/s, p99 under 20 ms."
} >"$report"

echo
cat "$report"
pass=1
for name in home target; do
    awk -v r="${rps[$name]}" -v s="${rps[static]}" -v p="${p99[$name]}" 'BEGIN { exit !(r >= 0.5 * s && p < 20) }' || pass=0
done
if [[ $pass == 1 ]]; then echo "Target met."; else echo "Target NOT met."; fi
