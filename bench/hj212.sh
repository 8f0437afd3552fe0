#!/usr/bin/env bash
# Benchmark of the HJ 212-2017 receiver (not part of CI, not a timed test): CONNECTIONS concurrent device connections
# (500) each send real-time (2011) packets of the six GB 3095 pollutants at RATE/CONNECTIONS per second (5,000/s in all),
# each asking for the data answer, for WARMUP seconds (5, not measured: JIT, pools) and then SECONDS_RUN seconds (30),
# against Meicheng.Web on 127.0.0.1 over a fresh PostgreSQL database. Every value is stored (Hj212Readings) before its
# answer is sent. Prints:
# - the host's writeback settings (vm.dirty_*: with the kernel's defaults PostgreSQL's new table pages are written out in
#   bursts every 30 s, and the WAL's fdatasync waits behind them; docs/environment.md, "Measured");
# - the simulator's throughput and send->answer latency (p50, p99, max) over the measured window, and its CPU;
# - every RSS_EVERY seconds (30): the server's RSS, the receiver's last-minute p50/p99/max and the store's batch write
#   times (a slow answer with fast batches is not the database's);
# - the receiver's counts from /health, and the CPU per 1,000 packets of the server and of its PostgreSQL backends.
# Target: >= 5,000 packets/s from 500 connections, p99 < 50 ms, memory flat over 10 minutes (SECONDS_RUN=600).
#
#   bash bench/hj212.sh                          # NO_BUILD=1 to reuse the last Release build
#   CONNECTIONS=100 RATE=2000 SECONDS_RUN=20 CN=2061 bash bench/hj212.sh
#   MEICHENG_BENCH_POSTGRES="Host=…;Port=…;Username=…" bash bench/hj212.sh   # default: the test server on 127.0.0.1:55433
#   TIMELINE=FILE writes the latency second by second (with the wall-clock time, to line up with PostgreSQL's log)
#   KEEP_LOG=FILE keeps the app's log; BENCH_SQL='…' runs SQL in the bench database before the load
#   SIM_ENV='…' replaces the simulator's environment (default below: it shares the two cores with the receiver and
#   PostgreSQL, so its idle threads sleep at once, and its readers time each answer on the socket's event thread)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
connections="${CONNECTIONS:-500}"
rate="${RATE:-5000}"
seconds="${SECONDS_RUN:-30}"
cn="${CN:-2011}"
server="${MEICHENG_BENCH_POSTGRES:-Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres}"
database="meicheng_bench_hj212_$RANDOM$RANDOM"
pg_host="$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$server")"
pg_port="$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$server")"
pg_user="$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$server")"
psql_() { psql -h "$pg_host" -p "${pg_port:-5432}" -U "$pg_user" -v ON_ERROR_STOP=1 -qAt "$@"; }

if [[ -z "${NO_BUILD:-}" ]]; then
    dotnet build "$root/src/Meicheng.Web" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
    dotnet build "$root/src/Meicheng.Cli" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http_port="$(free_port)"
hj212_port="$(free_port)"
work="$(mktemp -d /tmp/meicheng-hj212-XXXXXX)"
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    rm -rf "$work"
}
trap cleanup EXIT
[[ -n "${KEEP_LOG:-}" ]] && trap "cp \"\$work/app.log\" \"$KEEP_LOG\"; cleanup" EXIT

echo "Starting Meicheng.Web on 127.0.0.1:$http_port (HJ 212 on $hj212_port) over PostgreSQL database $database…"
(cd "$root/src/Meicheng.Web/bin/Release/net10.0" && \
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$http_port" \
    Database__Provider=Postgres ConnectionStrings__Meicheng="$server;Database=$database" \
    Reporting__EvidenceDirectory="$work/evidence" Environment__ImportDirectory="$work/air-imports" \
    Hj212__Port="$hj212_port" Hj212__Address=127.0.0.1 Logging__LogLevel__Default=Warning \
    exec dotnet Meicheng.Web.dll >"$work/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$http_port/health" >/dev/null 2>&1 && break
    sleep 1
done
curl -fs "http://127.0.0.1:$http_port/health" >/dev/null || { cat "$work/app.log"; echo "the app did not start" >&2; exit 1; }

# One transmitting station, registered the way the registry stores it: its MN and the PBKDF2 hash of its password.
mn="MCBENCH0001"
pw="bench01"
hash="$(python3 -c '
import base64, hashlib, os, sys
salt = os.urandom(16)
h = hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode(), salt, 100000, 32)
print("pbkdf2-sha256$100000$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(h).decode())' "$pw")"
psql_ -d "$database" -c "INSERT INTO \"Stations\" (\"Code\", \"Name\", \"Kind\", \"Type\", \"RegionCode\", \"Approximate\", \"IsReference\", \"FeedNames\", \"Source\", \"Retired\", \"SortOrder\", \"Mn\", \"Hj212PasswordHash\")
    VALUES ('mc-bench-hj212', '基准测试站', 'air', 'municipal', '370202', true, false, '{}', 'admin', false, 9999, '$mn', '$hash')"

# CPU time (user + system) in clock ticks of a process; the load is also compared by CPU per packet, which the machine's
# other work disturbs far less than latency.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
hz="$(getconf CLK_TCK)"
[[ -n "${BENCH_SQL:-}" ]] && psql_ -d "$database" -c "$BENCH_SQL"
server_before="$(ticks "$app_pid")"
echo "Host writeback: vm.dirty_background_bytes=$(cat /proc/sys/vm/dirty_background_bytes) dirty_background_ratio=$(cat /proc/sys/vm/dirty_background_ratio) dirty_expire_centisecs=$(cat /proc/sys/vm/dirty_expire_centisecs)"
echo "Load: $connections connections, $rate packets/s in all, ${seconds}s, CN $cn"
# The server's resident memory every RSS_EVERY seconds (30) during the load, to show it stays flat over a long run, with
# the receiver's own latency over the last minute, so a trend (or a spike) over a long run shows where it is. Read with
# bash alone and one curl: a python3 started here every 30 s took enough of the two cores to stall the receiver for
# 100-200 ms each time (the bursts lined up with it, and went away with it).
(
    start=$SECONDS
    field() { [[ $json =~ \"$1\":\{\"p50\":([0-9.]+),\"p99\":([0-9.]+),\"max\":([0-9.]+) ]] && echo "p50 ${BASH_REMATCH[1]} ms, p99 ${BASH_REMATCH[2]} ms, max ${BASH_REMATCH[3]} ms"; }
    while kill -0 "$app_pid" 2>/dev/null; do
        sleep "${RSS_EVERY:-30}"
        json="$(curl -fs "http://127.0.0.1:$http_port/health" || true)"
        latency="last minute $(field latencyMs || echo "latency unavailable")"
        if writes="$(field batchWriteMs)"; then
            [[ $json =~ \"packetsPerBatch\":([0-9.]+) ]] && writes="$writes, ${BASH_REMATCH[1]} packets a batch"
            latency="$latency; batch writes $writes"
        fi
        rss=0
        while read -r key value _; do [[ $key == VmRSS: ]] && rss=$value; done < "/proc/$app_pid/status"
        echo "  t=$(( SECONDS - start ))s server RSS $(( rss / 1024 )) MB, $latency"
    done
) &
rss_pid=$!
TIMEFORMAT="Simulator CPU: user %U s, system %S s over %R s"
time env ${SIM_ENV:-DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1} dotnet "$root/src/Meicheng.Cli/bin/Release/net10.0/meicheng.dll" hj212 load --host 127.0.0.1 --port "$hj212_port" --mn "$mn" --pw "$pw" \
    --connections "$connections" --rate "$rate" --seconds "$seconds" --warmup "${WARMUP:-5}" --cn "$cn" ${TIMELINE:+--timeline "$TIMELINE"} || true
kill "$rss_pid" 2>/dev/null || true
server_cpu=$(( $(ticks "$app_pid") - server_before ))
pg_cpu=0
for pid in $(psql_ -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$database'"); do pg_cpu=$(( pg_cpu + $(ticks "$pid") )); done
health="$(curl -fs "http://127.0.0.1:$http_port/health")"
echo "Receiver (/health): $(python3 -c 'import json,sys; print(json.load(sys.stdin).get("hj212"))' <<<"$health")"
accepted="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["hj212"]["accepted"])' <<<"$health")"
awk -v s="$server_cpu" -v p="$pg_cpu" -v n="$accepted" -v hz="$hz" 'BEGIN { if (n > 0) printf "CPU per 1,000 packets: server %.0f ms, PostgreSQL backends %.0f ms (%d packets)\n", s * 1000000 / hz / n, p * 1000000 / hz / n, n }'
echo "Rows stored: $(psql_ -d "$database" -c 'SELECT count(*) FROM "Hj212Readings"')"
echo "Server RSS: $(ps -o rss= -p "$app_pid" | awk '{printf "%.0f MB", $1/1024}')"
