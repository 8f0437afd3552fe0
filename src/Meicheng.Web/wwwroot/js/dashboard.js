// The leadership dashboard's charts (驾驶舱), drawn by charts.js from the JSON block the <Chart> component wrote beside
// each one. Every number here is also in a table beside its chart, and every chart element a leader can click carries
// the URL of the drill-down page the server computed for it, so a click here and a link in the table go to the same place.

const statusColours = {
  "achieved": "#1a7f37", "on-track": "#74c69d", "needs-attention": "#f0ad4e", "off-track": "#d9534f",
  "no-data": "#adb5bd", "not-yet-due": "#dee2e6",
  // milestones
  "done": "#1a7f37", "at-risk": "#f0ad4e", "overdue": "#d9534f"
};

function number(v) {
  return v === null || v === undefined ? "无数据" : (Math.round(v * 10000) / 10000).toString();
}

/** Targets by status (a ring); data: the dashboard's targetStatuses. */
export function targetStatus(el, statuses, { initChart }) {
  initChart(el, {
    tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
    legend: { bottom: 0, type: "scroll" },
    series: [{
      type: "pie", name: "量化目标", radius: ["38%", "68%"], center: ["50%", "45%"],
      label: { formatter: "{b}\n{c}" },
      data: statuses.filter((s) => s.count > 0).map((s) => (
        { name: s.text, value: s.count, status: s.status, url: s.url, itemStyle: { color: statusColours[s.status] } }))
    }]
  }, { drill: true });
}

/** Milestones by status (bars); data: the dashboard's milestoneStatuses. */
export function milestoneStatus(el, statuses, { initChart }) {
  initChart(el, {
    tooltip: { trigger: "item", formatter: "{b}：{c} 个" },
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: "category", data: statuses.map((s) => s.text) },
    yAxis: { type: "value", name: "节点数", minInterval: 1 },
    series: [{
      type: "bar", name: "时间节点", label: { show: true, position: "top" },
      data: statuses.map((s) => ({ value: s.count, status: s.status, url: s.url, itemStyle: { color: statusColours[s.status] } }))
    }]
  }, { drill: true });
}

/** Area × district scores; data: the dashboard's heatmap. */
export function heatmap(el, h, { initChart }) {
  el.style.height = Math.max(280, 125 + h.rows.length * 30) + "px";
  const scored = [], empty = [];
  h.cells.forEach((c) => {
    const item = { value: [c.column, c.row, c.score === null ? 0 : Math.round(c.score * 10) / 10], url: c.url, assessed: c.assessed, total: c.total };
    (c.score === null ? empty : scored).push(item);
  });
  // The exported CSV reads the dataset: one row per cell, 无数据 where there is no score.
  const source = [["领域", "区域", "得分", "已评价", "合计"]].concat(h.cells.map((c) =>
    [h.rows[c.row].label, h.columns[c.column].name, c.score === null ? "无数据" : Math.round(c.score * 10) / 10, c.assessed, c.total]));
  initChart(el, {
    dataset: { source },
    tooltip: {
      formatter: (p) => {
        const c = p.data;
        return h.rows[c.value[1]].label + "\n" + h.columns[c.value[0]].name + "："
          + (p.seriesIndex === 1 ? "无数据" : c.value[2] + " 分（已评价 " + c.assessed + " / " + c.total + "）");
      }
    },
    grid: { left: 260, right: 20, top: 10, bottom: 105 },
    xAxis: { type: "category", data: h.columns.map((c) => c.name), splitArea: { show: true }, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: "category", inverse: true, data: h.rows.map((r) => r.label), splitArea: { show: true },
      axisLabel: { width: 240, overflow: "truncate" } },
    visualMap: { seriesIndex: 0, min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 160,
      inRange: { color: ["#d9534f", "#f0ad4e", "#ffe08a", "#74c69d", "#1a7f37"] }, text: ["100", "0"] },
    series: [
      { type: "heatmap", name: "得分", data: scored, label: { show: true, formatter: (p) => p.data.value[2] } },
      { type: "heatmap", name: "无数据", data: empty, itemStyle: { color: "#f1f3f5" },
        label: { show: true, color: "#868e96", fontSize: 10, formatter: "无数据" } }
    ]
  }, { drill: true });
}

/** 市南区, 市北区, 李沧区: districts too small on the city map for a label of their own. */
const smallDistricts = ["370202", "370203", "370213"];

/** The districts coloured by the composite index or an indicator's latest value; data: the dashboard's map. */
export function districtMap(el, m, { initChart, loadCityMap }) {
  const names = {};
  m.districts.forEach((d) => { names[d.code] = d.name; });
  const values = m.districts.filter((d) => d.value !== null).map((d) => d.value);
  let min = m.metric === "index" ? 0 : (values.length ? Math.min(...values) : 0);
  let max = m.metric === "index" ? 100 : (values.length ? Math.max(...values) : 1);
  if (min === max) { min = min - 1; max = max + 1; }
  return loadCityMap(el.dataset.geo)
    .then((map) => initChart(el, {
      // The exported CSV reads the dataset: districts by name, not by code.
      dataset: { source: [["区（市）", "代码", m.title, "年度"]].concat(m.districts.map((d) =>
        [d.name, d.code, d.value === null ? "无数据" : d.value, d.year || ""])) },
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const d = p.data;
          if (!d) return names[p.name] || p.name;
          return d.districtName + "：" + number(d.raw) + (m.unit ? " " + m.unit : "") + (d.year ? "（" + d.year + " 年）" : "");
        }
      },
      visualMap: {
        min, max, calculable: true, left: 10, bottom: 10, text: [m.metric === "index" ? "100" : number(max), m.metric === "index" ? "0" : number(min)],
        inRange: { color: m.metric === "index" ? ["#d9534f", "#f0ad4e", "#ffe08a", "#74c69d", "#1a7f37"] : ["#e7f1ff", "#6ea8fe", "#0a58ca"] }
      },
      series: [{
        type: "map", map, name: m.title, nameProperty: "code", layoutSize: "95%", selectedMode: false,
        itemStyle: { areaColor: "#eef0f2", borderColor: "#9aa5b1" },
        // A smaller font, and no label that would overlap another. The three urban districts at the tip of the peninsula
        // (市南, 市北, 李沧) are too small for one at this size: they are named on hover, in the tooltip and in the table.
        label: { show: true, fontSize: 10, color: "#1d2733", formatter: (p) => names[p.name] || p.name },
        labelLayout: { hideOverlap: true },
        emphasis: { label: { show: true } },
        data: m.districts.map((d) => {
          const item = { name: d.code, value: d.value === null ? NaN : d.value, raw: d.value, districtName: d.name, year: d.year, url: d.url };
          if (smallDistricts.includes(d.code)) item.label = { show: false };
          return item;
        })
      }]
    }, { drill: true }))
    .catch((e) => {
      el.textContent = "地图未能加载：" + e.message + "。各区（市）数值见下方数据表。";
    });
}

/** One target's approved values, its target and projections; data: one of the dashboard's trends. */
export function trend(el, t, { initChart }) {
  const series = [{
    type: "line", name: "审核值", symbolSize: 9,
    data: t.points.map((p) => ({ value: [p.year, p.value], url: p.url }))
  }, {
    type: "scatter", name: "目标", symbol: "diamond", symbolSize: 14, itemStyle: { color: "#d9534f" },
    data: [{ value: [t.targetYear, t.targetValue], url: t.url }],
    markLine: { silent: true, symbol: "none", lineStyle: { type: "dotted", color: "#d9534f" },
      data: [{ yAxis: t.targetValue, label: { formatter: "目标 " + t.targetText, position: "insideEndTop" } }] }
  }];
  t.projections.forEach((p) => {
    if (p.toValue === null) return;
    series.push({
      type: "line", name: p.text, lineStyle: { type: "dashed" }, symbol: "emptyCircle",
      data: [{ value: [p.fromYear, p.fromValue], url: t.url }, { value: [p.toYear, p.toValue], url: t.url }]
    });
  });
  const years = t.points.map((p) => p.year).concat([t.targetYear]);
  initChart(el, {
    tooltip: { trigger: "item", formatter: (p) => p.seriesName + "：" + p.value[0] + " 年 " + number(p.value[1]) + " " + t.unit },
    legend: { bottom: 0, type: "scroll" },
    grid: { left: 60, right: 30, top: 30, bottom: 50 },
    xAxis: { type: "value", min: Math.min(...years) - 1, max: Math.max(...years) + 1, minInterval: 1,
      axisLabel: { formatter: (v) => (Number.isInteger(v) ? String(v) : "") } },
    yAxis: { type: "value", name: t.unit, scale: true },
    series
  }, { drill: true });
}
