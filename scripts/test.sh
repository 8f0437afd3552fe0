#!/usr/bin/env bash
# Runs every Meicheng test on a fresh Debian machine, from nothing:
#   1. installs what the tests need (Chromium for the browser tests, PostgreSQL, CJK fonts, poppler's pdftotext
#      for reading the PDF reports back) when missing;
#   2. starts a throwaway PostgreSQL cluster on 127.0.0.1 (the PostgreSQL half of the integration tests);
#   3. builds the solution and runs every test project, SQLite and PostgreSQL alike (the browser tests beside the rest);
#   4. runs each benchmark once (--smoke) so they cannot rot;
#   5. prints "N passed, N failed" from the test results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# No grep -q here: it stops reading at the first match, fc-list dies of SIGPIPE and pipefail reports the font missing.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A PostgreSQL cluster of our own, in a temp folder, owned by the postgres user, on a free port.
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pgdata=$(mktemp -d /tmp/meicheng-pg.XXXXXX)
# 55432 unless taken (another test run on the same machine): then any free port.
pgport=${MEICHENG_PG_PORT:-$(python3 -c 'import socket
s = socket.socket()
try:
    s.bind(("127.0.0.1", 55432))
except OSError:
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')}
chown postgres:postgres "$pgdata"
stop_pg() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdata"; }
trap stop_pg EXIT
echo "== starting PostgreSQL ($("$pgbin/postgres" --version)) on 127.0.0.1:$pgport"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export MEICHENG_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Pooling=true"

echo "== building"
dotnet build Meicheng.slnx -c Release -nologo -v q -clp:ErrorsOnly

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
echo "== testing"
status=0
run_project() {
  local name
  name=$(basename "$1" .csproj)
  dotnet test "$1" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results"
}
# The browser tests run one at a time (one Chromium, one app) and mostly wait on page loads, so they run beside
# the other projects instead of after them: on the 2-core CI machine that takes minutes off the suite. Their console
# output goes to a log that is printed when they end, so the two streams do not interleave.
browser=tests/Meicheng.Browser.Tests/Meicheng.Browser.Tests.csproj
run_project "$browser" >"$results/browser-console.log" 2>&1 &
browser_pid=$!
for project in tests/*/*.csproj; do
  [ "$project" = "$browser" ] && continue
  run_project "$project" || status=1
done
wait "$browser_pid" || status=1
echo "== browser tests"
cat "$results/browser-console.log"

echo "== benchmarks (smoke)"
dotnet run -c Release --no-build --project bench/Meicheng.Benchmarks -- --smoke >"$results/bench-smoke.log" 2>&1 || { status=1; tail -n 40 "$results/bench-smoke.log"; }

# One closing line over every suite, read from the TRX files.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns).attrib
    passed += int(c["passed"]); failed += int(c["failed"]) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c["notExecuted"])
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
