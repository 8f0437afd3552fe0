#!/usr/bin/env bash
# Benchmark of the project library (not part of CI, not a timed test). Targets (issue 12): a 5,000-row project workbook
# imported in under 3 s with memory flat in the row count; the project map and totals for 5,000 projects in under 50 ms
# warm. Against a running app: BASE_URL (default http://127.0.0.1:5000) and TOKEN, an API token of an admin (issued on
# /admin/tokens). Generates the workbook (ROWS rows, 5000 by default) with Python's zipfile, uploads it once (creates
# ROWS projects, each with a point so all of them are on the map) and once more (the same file: changes nothing), then requests /api/projects/map and /api/projects/totals
# WARM times each after one warm-up and prints the median. Writes nothing else.
#
#   TOKEN=… bash bench/projects.sh            # ROWS=10000 to see memory stay flat (watch the server's RSS)
set -euo pipefail
base="${BASE_URL:-http://127.0.0.1:5000}"
rows="${ROWS:-5000}"
warm="${WARM:-20}"
: "${TOKEN:?an admin API token}"
work="$(mktemp -d /tmp/meicheng-projects-XXXXXX)"
trap 'rm -rf "$work"' EXIT

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

auth=(-H "Authorization: Bearer $TOKEN")
for pass in first again; do
    t=$(curl -s -o "$work/out.json" -w '%{time_total}' "${auth[@]}" -F "file=@$work/projects.xlsx" "$base/api/projects/import")
    echo "import ($pass, $rows rows): ${t}s  $(head -c 200 "$work/out.json")"
done
for path in /api/projects/map /api/projects/totals; do
    curl -s -o /dev/null "${auth[@]}" "$base$path"
    times=()
    for _ in $(seq "$warm"); do times+=("$(curl -s -o /dev/null -w '%{time_total}' "${auth[@]}" "$base$path")"); done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$path warm median of $warm: ${median}s"
done
