#!/usr/bin/env bash
# Browser benchmark of the public showcase home (not part of CI, not a timed test): how long /showcase takes to load in
# Chromium, from navigation start to the end of the load event, the median of LOADS loads (10 by default). Target: under
# 1 s on the machine it runs on. Prints the figures and writes them to artifacts/load/showcase-home.md.
#
# What it does: publishes Meicheng.Web (Release) and starts it in Production with demo data on a free port of 127.0.0.1
# over a fresh SQLite database; when the demo data has no published round, signs in as the demo admin and freezes and
# publishes an annual round through the API, so the page shows published statuses and sparklines (its heaviest form);
# requests the page once so the server's output cache is warm, as it is for every visitor but the first; then loads it in
# /usr/bin/chromium through Playwright (the playwright-core package and Node that Microsoft.Playwright ships with the
# browser test project's build), each load in a fresh browser context (an empty HTTP cache: a first visit), then each
# load in one context (a repeat visit), at 1280 × 900. Also reports the page's height and how many charts were drawn at
# the load event, at 1280 and at 390 px wide.
#
#   bash bench/showcase-home.sh            # LOADS=20 for more loads; NO_BUILD=1 to reuse the last Release build
#   BASE_URL=http://127.0.0.1:5000 bash bench/showcase-home.sh   # measure an app already running (seeded as it is)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
loads="${LOADS:-10}"
year="${YEAR:-$(date +%Y)}"
chromium="${MEICHENG_CHROMIUM:-/usr/bin/chromium}"
playwright="$root/tests/Meicheng.Browser.Tests/bin/Release/net10.0/.playwright"

if [[ ! -d "$playwright/package" ]]; then
    echo "Building the browser test project (it brings playwright-core and its Node)…"
    dotnet build "$root/tests/Meicheng.Browser.Tests" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
node="$(ls "$playwright"/node/*/node | head -n1)"

work="$(mktemp -d /tmp/meicheng-showcase-XXXXXX)"
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -n "${BASE_URL:-}" ]]; then
    base="$BASE_URL"
    curl -fs "$base/showcase" >"$work/home.html"
else
    echo "Publishing Meicheng.Web (Release)…"
    dotnet publish "$root/src/Meicheng.Web" -c Release -o "$work/app" --nologo -v quiet ${NO_BUILD:+--no-build} >/dev/null

    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    base="http://127.0.0.1:$port"
    demo_password="Bench-$(date +%s)-pass"

    echo "Starting the app on $base (Production, demo data, SQLite in $work)…"
    (
        cd "$work/app"
        ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" \
        Database__Provider=Sqlite ConnectionStrings__Meicheng="Data Source=$work/meicheng.db" \
        Reporting__EvidenceDirectory="$work/evidence" Environment__ImportDirectory="$work/air-imports" \
        Demo__Enabled=true Demo__Password="$demo_password" \
        exec ./Meicheng.Web
    ) >"$work/app.log" 2>&1 &
    app_pid=$!

    for _ in $(seq 1 240); do
        if curl -fs "$base/health" >/dev/null 2>&1; then break; fi
        if ! kill -0 "$app_pid" 2>/dev/null; then cat "$work/app.log"; echo "The app stopped." >&2; exit 1; fi
        sleep 0.5
    done
    curl -fs "$base/health" >/dev/null

    # (Into a file first: with pipefail, grep -q closing the pipe early would fail the curl before it.)
    published() { curl -fs "$base/showcase" >"$work/home.html" && grep -Eq 'class="status status-(achieved|on-track|needs-attention|off-track)' "$work/home.html"; }
    if ! published; then
        echo "No published status in the demo data: the demo admin freezes and publishes an annual round for $year…"
        jar="$work/cookies"
        token="$(curl -fs -c "$jar" "$base/account/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n1)"
        curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "email=demo-admin@meicheng.demo" --data-urlencode "password=$demo_password" \
            --data-urlencode "returnUrl=/" --data-urlencode "__RequestVerificationToken=$token" "$base/account/login"
        round="$(curl -fs -b "$jar" -H 'Content-Type: application/json' -d "{\"kind\":\"annual\",\"year\":$year}" "$base/api/evaluation/rounds" | jq -r .id)"
        curl -fs -o /dev/null -b "$jar" -X POST "$base/api/evaluation/rounds/$round/publish"
    fi
    published || { echo "The showcase home shows no published status." >&2; exit 1; }
fi
bytes="$(wc -c <"$work/home.html")"

cat >"$work/measure.cjs" <<'EOF'
// One figure per load: navigation start to the end of the load event (PerformanceNavigationTiming.loadEventEnd).
const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const url = process.env.URL, loads = Number(process.env.LOADS);
const timing = () => performance.getEntriesByType("navigation")[0].loadEventEnd;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
  const viewport = { width: 1280, height: 900 };
  // Also when the charts in the first screen are drawn (data-rendered), null when it has none.
  const inViewDrawn = () => new Promise((resolve) => {
    const check = () => {
      const inView = Array.from(document.querySelectorAll(".chart")).filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      if (inView.every((c) => c.dataset.rendered === "true")) resolve(inView.length ? performance.now() : null);
      else if (performance.now() > 20000) resolve(-1);
      else setTimeout(check, 10);
    };
    check();
  });
  const measure = async (page) => {
    await page.goto(url, { waitUntil: "load" });
    return { load: await page.evaluate(timing), drawn: await page.evaluate(inViewDrawn) };
  };
  const first = [], firstDrawn = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport, locale: "zh-CN" });
    const m = await measure(await context.newPage());
    first.push(m.load);
    firstDrawn.push(m.drawn);
    await context.close();
  }
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  await measure(page);
  const repeat = [];
  for (let i = 0; i < loads; i++) repeat.push((await measure(page)).load);
  const shape = async (width) => {
    await page.setViewportSize({ width, height: 844 });
    await page.goto(url, { waitUntil: "load" });
    return page.evaluate(() => ({
      height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
      charts: document.querySelectorAll(".chart").length, drawn: document.querySelectorAll(".chart[data-rendered=true]").length,
      buttons: document.querySelectorAll("button.export-button").length,
    }));
  };
  const wide = await shape(1280), phone = await shape(390);
  await browser.close();
  const r = (x) => Math.round(x);
  const drawn = firstDrawn.filter((d) => d !== null);
  console.log(JSON.stringify({ firstMedian: r(median(first)), firstMax: r(Math.max(...first)),
    drawnMedian: drawn.length ? r(median(drawn)) : null, repeatMedian: r(median(repeat)),
    repeatMax: r(Math.max(...repeat)), first: first.map(r), repeat: repeat.map(r), wide, phone }));
})().catch((e) => { console.error(e); process.exit(1); });
EOF

echo "Loading $base/showcase in Chromium, $loads times cold and $loads times warm…"
result="$(PLAYWRIGHT_CORE="$playwright/package" URL="$base/showcase" LOADS="$loads" CHROMIUM="$chromium" "$node" "$work/measure.cjs")"
echo "$result"

cores="$(nproc)"
load_avg="$(cut -d' ' -f1-3 /proc/loadavg)"
first_median="$(jq .firstMedian <<<"$result")"
verdict="$(awk -v m="$first_median" 'BEGIN { print (m < 1000 ? "met" : "NOT met") }')"
report="$root/artifacts/load/showcase-home.md"
mkdir -p "$(dirname "$report")"
{
    echo "# The showcase home in Chromium"
    echo
    echo "$(date -u +%Y-%m-%dT%H:%MZ) · $cores cores (load average $load_avg) · Meicheng.Web Release, Production, demo data, SQLite, output cache warm · $chromium at 1280 × 900 · $loads loads each"
    echo
    echo "| | median load event (ms) | slowest (ms) | all (ms) |"
    echo "| --- | ---: | ---: | --- |"
    echo "| first visit (empty browser cache) | $first_median | $(jq .firstMax <<<"$result") | $(jq -r '.first | join(", ")' <<<"$result") |"
    echo "| first visit: the charts in the first screen drawn | $(jq .drawnMedian <<<"$result") | | |"
    echo "| repeat visit | $(jq .repeatMedian <<<"$result") | $(jq .repeatMax <<<"$result") | $(jq -r '.repeat | join(", ")' <<<"$result") |"
    echo
    echo "Page: $bytes bytes of HTML; at 1280 px $(jq .wide.height <<<"$result") px tall, $(jq .wide.drawn <<<"$result") of $(jq .wide.charts <<<"$result") charts drawn at the load event, $(jq .wide.buttons <<<"$result") export buttons;" \
        "at 390 px $(jq .phone.height <<<"$result") px tall and $(jq .phone.width <<<"$result") px wide."
    echo
    echo "Target: the first visit's median under 1,000 ms: $verdict."
} >"$report"
echo
cat "$report"
