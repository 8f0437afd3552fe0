#!/usr/bin/env bash
# Benchmark of the project library (not part of CI, not a timed test). Targets (issue 12): a 5,000-row project workbook
# imported in under 3 s with memory flat in the row count; the project map and totals for 5,000 projects in under 50 ms
# warm.
#
# What it does: publishes Meicheng.Web (Release; NO_BUILD=1 reuses the last Release build) and starts it in Production on
# a free port of 127.0.0.1 over a fresh SQLite database (DB=postgres: a fresh database on MEICHENG_BENCH_POSTGRES, by
# default the test server on 127.0.0.1:55433, dropped at the end) in demo mode; signs in as the demo admin through the
# sign-in form and issues itself an API token on /admin/tokens, as an office would for another system. Then it generates a
# workbook of ROWS rows (5000) in the office layout with Python's zipfile, each row with a point so every project is on the
# map, uploads it twice (the second upload, the same file, must change nothing), and times GET /api/projects/map and
# /api/projects/totals WARM times each (20) after one warm-up, asking for gzip as browsers do, printing the medians. The
# server's resident memory (RSS) is printed before the first import, after it, and its peak (VmHWM): run ROWS=10000 to see
# that it does not grow with the row count.
#
# Why demo mode: Production asks every admin for a second factor (TOTP) at sign-in (Features/Accounts/SignIn.cs,
# RequiresSecondFactorAsync: Security:RequireTwoFactor defaults to on there), so a bootstrap admin signing in with its
# password alone lands on the second-factor page and never reaches /admin/tokens (which, under the three-role separation
# Production also turns on, only a security administrator may open). Demo accounts are exempt from the second factor and
# demo mode turns the separation off, so the demo admin signs in with its password and issues the token itself.
#
#   bash bench/projects.sh                      # ROWS=10000, WARM=50, DB=postgres, NO_BUILD=1
#   BASE_URL=http://127.0.0.1:5000 TOKEN=… bash bench/projects.sh   # against an app already running (no RSS then)
set -euo pipefail
rows="${ROWS:-5000}"
warm="${WARM:-20}"

if [[ -n "${TOKEN:-}" ]]; then
    base="${BASE_URL:-http://127.0.0.1:5000}"
    work="$(mktemp -d /tmp/meicheng-projects-XXXXXX)"
    app_pid=""
    trap 'rm -rf "$work"' EXIT
else
    # shellcheck source=bench/load/lib.sh
    source "$(dirname "${BASH_SOURCE[0]}")/load/lib.sh"
    password="Bench-$(date +%s)-pass"
    settings=(Demo__Enabled=true Demo__Password="$password" Logging__LogLevel__Default=Warning)
    if [[ "${DB:-sqlite}" == postgres ]]; then
        server="${MEICHENG_BENCH_POSTGRES:-Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres}"
        database="meicheng_bench_projects_$RANDOM$RANDOM"
        pg_host="$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$server")"
        pg_port="$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$server")"
        pg_user="$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$server")"
        psql_() { psql -h "$pg_host" -p "${pg_port:-5432}" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
        trap 'cleanup; psql_ -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true' EXIT
        # The app creates the database (the provider's migrations) and drops nothing; the trap drops it.
        settings+=(Database__Provider=Postgres "ConnectionStrings__Meicheng=$server;Database=$database")
        echo "PostgreSQL database $database on $pg_host:${pg_port:-5432}"
    fi
    start_app "${settings[@]}"
    jar="$work/jar"
    sign_in demo-admin@meicheng.demo "$password" "$jar"
    page="$(curl -fs -b "$jar" -c "$jar" "$base/admin/tokens")"
    # The issue form's hidden fields (the antiforgery token and the form's name) and the demo admin's id from its list.
    form="$(python3 -c '
import html, re, sys, urllib.parse
page = sys.stdin.read()
form = page[page.index("<form", page.index("id=\"issue\"")):]
form = form[:form.index("</form>")]
fields = {k: html.unescape(v) for k, v in re.findall(r"<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"", form)}
user = re.search(r"<option value=\"([^\"]+)\"[^>]*>[^<]*demo-admin@meicheng\.demo", form).group(1)
fields.update({"Issue.UserId": user, "Issue.Name": "bench/projects.sh"})
print(urllib.parse.urlencode(fields))
' <<<"$page")"
    TOKEN="$(curl -fs -b "$jar" -c "$jar" --data "$form" "$base/admin/tokens" | sed -n 's/.*<code id="issued-token"[^>]*>\([^<]*\)<.*/\1/p' | head -n1)"
    [[ -n "$TOKEN" ]] || { echo "No token was issued on /admin/tokens." >&2; exit 1; }
fi

rss() { [[ -n "$app_pid" ]] && awk -v k="$1" '$1 == k":" { printf "%.0f MB", $2 / 1024 }' "/proc/$app_pid/status" || echo "n/a"; }

python3 - "$work/projects.xlsx" "$rows" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
path, n = sys.argv[1], int(sys.argv[2])
headers = ["项目名称","项目类型","建设单位","主管部门","区（市）","建设地点","建设内容及规模","总投资（万元）","年度计划投资（万元）","资金来源","开工时间","竣工时间","项目状态","形象进度","入库情况","入库编号","经度","纬度"]
types = ["大气减排","技改","水污染防治","建筑节能"]; regions = ["市南区","市北区","黄岛区","崂山区","李沧区","城阳区","即墨区","胶州市","平度市","莱西市"]
statuses = ["谋划","前期","在建","完工","投运"]
def cell(c, r, v): return f'<c r="{chr(65+c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
def row(r, vals): return f'<row r="{r}">' + "".join(cell(c, r, v) for c, v in enumerate(vals)) + "</row>"
body = [row(1, headers)]
for i in range(n):
    body.append(row(i + 2, [f"基准项目{i:05d}", types[i % 4], f"青岛基准建设单位{i % 50}", "市生态环境局", regions[i % 10], "青岛", "基准测试",
        str(100 + i % 900), str(10 + i % 90), "市财政", f"2025-{1 + i % 12:02d}-01", f"2027-{1 + i % 12:02d}-28", statuses[i % 5], "", "", "",
        f"{119.6 + (i % 97) * 0.015:.4f}", f"{35.6 + (i % 89) * 0.015:.4f}"]))
sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(body) + "</sheetData></worksheet>"
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="项目清单" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", sheet)
PY

echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Server RSS before the import: $(rss VmRSS)"
auth=(-H "Authorization: Bearer $TOKEN")
for pass in first again; do
    t=$(curl -s -o "$work/out.json" -w '%{time_total}' "${auth[@]}" -F "file=@$work/projects.xlsx" "$base/api/projects/import")
    echo "import ($pass, $rows rows): ${t}s  $(head -c 200 "$work/out.json")"
done
grep -q '"created":0,"updated":0' "$work/out.json" || { echo "The second import of the same file changed something." >&2; exit 1; }
echo "Server RSS after the imports: $(rss VmRSS) (peak $(rss VmHWM))"
for path in /api/projects/map /api/projects/totals; do
    bytes=$(curl -s -o /dev/null -w '%{size_download}' --compressed "${auth[@]}" "$base$path")
    times=()
    for _ in $(seq "$warm"); do times+=("$(curl -s -o /dev/null -w '%{time_total}' --compressed "${auth[@]}" "$base$path")"); done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$path: warm median of $warm ${median}s ($bytes bytes on the wire)"
done
echo "Server RSS at the end: $(rss VmRSS) (peak $(rss VmHWM))"
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg)"
