// The leadership dashboard (驾驶舱): Apache ECharts drawn from the JSON block the server rendered into the page. Every
// number here is also in a table beside its chart, and every chart element a leader can click carries the URL of the
// drill-down page the server computed for it, so a click here and a link in the table go to the same place.
(function () {
  "use strict";

  var dataEl = document.getElementById("dashboard-data");
  if (!dataEl || typeof echarts === "undefined") return;
  var data = JSON.parse(dataEl.textContent);

  var statusColours = {
    "achieved": "#1a7f37", "on-track": "#74c69d", "needs-attention": "#f0ad4e", "off-track": "#d9534f",
    "no-data": "#adb5bd", "not-yet-due": "#dee2e6",
    // milestones
    "done": "#1a7f37", "at-risk": "#f0ad4e", "overdue": "#d9534f"
  };

  function aria(el) {
    return { enabled: true, label: { description: el.getAttribute("aria-label") } };
  }

  function drillOnClick(chart) {
    chart.on("click", function (p) {
      if (p.data && p.data.url) window.location.href = p.data.url;
    });
  }

  function ready(el, chart) {
    drillOnClick(chart);
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.rendered = "true";
  }

  function number(v) {
    return v === null || v === undefined ? "无数据" : (Math.round(v * 10000) / 10000).toString();
  }

  function targetStatus() {
    var el = document.getElementById("chart-target-status");
    if (!el) return;
    var chart = echarts.init(el);
    chart.setOption({
      aria: aria(el),
      tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
      legend: { bottom: 0, type: "scroll" },
      series: [{
        type: "pie", name: "量化目标", radius: ["38%", "68%"], center: ["50%", "45%"],
        label: { formatter: "{b}\n{c}" },
        data: data.targetStatuses.filter(function (s) { return s.count > 0; }).map(function (s) {
          return { name: s.text, value: s.count, status: s.status, url: s.url, itemStyle: { color: statusColours[s.status] } };
        })
      }]
    });
    ready(el, chart);
  }

  function milestoneStatus() {
    var el = document.getElementById("chart-milestone-status");
    if (!el) return;
    var chart = echarts.init(el);
    chart.setOption({
      aria: aria(el),
      tooltip: { trigger: "item", formatter: "{b}：{c} 个" },
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      xAxis: { type: "category", data: data.milestoneStatuses.map(function (s) { return s.text; }) },
      yAxis: { type: "value", name: "节点数", minInterval: 1 },
      series: [{
        type: "bar", name: "时间节点", label: { show: true, position: "top" },
        data: data.milestoneStatuses.map(function (s) {
          return { value: s.count, status: s.status, url: s.url, itemStyle: { color: statusColours[s.status] } };
        })
      }]
    });
    ready(el, chart);
  }

  function heatmap() {
    var el = document.getElementById("chart-heatmap");
    if (!el) return;
    var h = data.heatmap;
    el.style.height = Math.max(280, 125 + h.rows.length * 30) + "px";
    var chart = echarts.init(el);
    var scored = [], empty = [];
    h.cells.forEach(function (c) {
      var item = { value: [c.column, c.row, c.score === null ? 0 : Math.round(c.score * 10) / 10], url: c.url, assessed: c.assessed, total: c.total };
      (c.score === null ? empty : scored).push(item);
    });
    // The exported CSV reads the dataset (exports.js): one row per cell, 无数据 where there is no score.
    var source = [["领域", "区域", "得分", "已评价", "合计"]].concat(h.cells.map(function (c) {
      return [h.rows[c.row].label, h.columns[c.column].name, c.score === null ? "无数据" : Math.round(c.score * 10) / 10, c.assessed, c.total];
    }));
    chart.setOption({
      aria: aria(el),
      dataset: { source: source },
      tooltip: {
        formatter: function (p) {
          var c = p.data;
          return h.rows[c.value[1]].label + "<br>" + h.columns[c.value[0]].name + "："
            + (p.seriesIndex === 1 ? "无数据" : c.value[2] + " 分（已评价 " + c.assessed + " / " + c.total + "）");
        }
      },
      grid: { left: 260, right: 20, top: 10, bottom: 105 },
      xAxis: { type: "category", data: h.columns.map(function (c) { return c.name; }), splitArea: { show: true }, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "category", inverse: true, data: h.rows.map(function (r) { return r.label; }), splitArea: { show: true },
        axisLabel: { width: 240, overflow: "truncate" } },
      visualMap: { seriesIndex: 0, min: 0, max: 100, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 160,
        inRange: { color: ["#d9534f", "#f0ad4e", "#ffe08a", "#74c69d", "#1a7f37"] }, text: ["100", "0"] },
      series: [
        { type: "heatmap", name: "得分", data: scored, label: { show: true, formatter: function (p) { return p.data.value[2]; } } },
        { type: "heatmap", name: "无数据", data: empty, itemStyle: { color: "#f1f3f5" },
          label: { show: true, color: "#868e96", fontSize: 10, formatter: "无数据" } }
      ]
    });
    ready(el, chart);
  }

  function districtMap() {
    var el = document.getElementById("chart-map");
    if (!el) return;
    var m = data.map;
    var names = {};
    m.districts.forEach(function (d) { names[d.code] = d.name; });
    var values = m.districts.filter(function (d) { return d.value !== null; }).map(function (d) { return d.value; });
    var min = m.metric === "index" ? 0 : (values.length ? Math.min.apply(null, values) : 0);
    var max = m.metric === "index" ? 100 : (values.length ? Math.max.apply(null, values) : 1);
    if (min === max) { min = min - 1; max = max + 1; }
    fetch(el.dataset.geo)
      .then(function (r) {
        if (!r.ok) throw new Error("map " + r.status);
        return r.json();
      })
      .then(function (geo) {
        echarts.registerMap("qingdao", geo);
        var chart = echarts.init(el);
        chart.setOption({
          aria: aria(el),
          // The exported CSV reads the dataset (exports.js): districts by name, not by code.
          dataset: { source: [["区（市）", "代码", m.title, "年度"]].concat(m.districts.map(function (d) {
            return [d.name, d.code, d.value === null ? "无数据" : d.value, d.year || ""];
          })) },
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var d = p.data;
              if (!d) return names[p.name] || p.name;
              return d.label + "：" + number(d.raw) + (m.unit ? " " + m.unit : "") + (d.year ? "（" + d.year + " 年）" : "");
            }
          },
          visualMap: {
            min: min, max: max, calculable: true, left: 10, bottom: 10, text: [m.metric === "index" ? "100" : number(max), m.metric === "index" ? "0" : number(min)],
            inRange: { color: m.metric === "index" ? ["#d9534f", "#f0ad4e", "#ffe08a", "#74c69d", "#1a7f37"] : ["#e7f1ff", "#6ea8fe", "#0a58ca"] }
          },
          series: [{
            type: "map", map: "qingdao", name: m.title, nameProperty: "code", layoutSize: "95%", selectedMode: false,
            itemStyle: { areaColor: "#eef0f2", borderColor: "#9aa5b1" },
            label: { show: true, fontSize: 11, color: "#1d2733", formatter: function (p) { return names[p.name] || p.name; } },
            emphasis: { label: { show: true } },
            data: m.districts.map(function (d) {
              return { name: d.code, value: d.value === null ? NaN : d.value, raw: d.value, label: d.name, year: d.year, url: d.url };
            })
          }]
        });
        ready(el, chart);
      })
      .catch(function (e) {
        el.textContent = "地图未能加载：" + e.message + "。各区（市）数值见下方数据表。";
      });
  }

  function trends() {
    data.trends.forEach(function (t, i) {
      var el = document.getElementById("chart-trend-" + i);
      if (!el) return;
      var chart = echarts.init(el);
      var series = [{
        type: "line", name: "审核值", symbolSize: 9,
        data: t.points.map(function (p) { return { value: [p.year, p.value], url: p.url }; })
      }, {
        type: "scatter", name: "目标", symbol: "diamond", symbolSize: 14, itemStyle: { color: "#d9534f" },
        data: [{ value: [t.targetYear, t.targetValue], url: t.url }],
        markLine: { silent: true, symbol: "none", lineStyle: { type: "dotted", color: "#d9534f" },
          data: [{ yAxis: t.targetValue, label: { formatter: "目标 " + t.targetText, position: "insideEndTop" } }] }
      }];
      t.projections.forEach(function (p) {
        if (p.toValue === null) return;
        series.push({
          type: "line", name: p.text, lineStyle: { type: "dashed" }, symbol: "emptyCircle",
          data: [{ value: [p.fromYear, p.fromValue], url: t.url }, { value: [p.toYear, p.toValue], url: t.url }]
        });
      });
      var years = t.points.map(function (p) { return p.year; }).concat([t.targetYear]);
      chart.setOption({
        aria: aria(el),
        tooltip: { trigger: "item", formatter: function (p) { return p.seriesName + "：" + p.value[0] + " 年 " + number(p.value[1]) + " " + t.unit; } },
        legend: { bottom: 0, type: "scroll" },
        grid: { left: 60, right: 30, top: 30, bottom: 50 },
        xAxis: { type: "value", min: Math.min.apply(null, years) - 1, max: Math.max.apply(null, years) + 1, minInterval: 1,
          axisLabel: { formatter: function (v) { return Number.isInteger(v) ? String(v) : ""; } } },
        yAxis: { type: "value", name: t.unit, scale: true },
        series: series
      });
      ready(el, chart);
    });
  }

  function start() {
    targetStatus();
    milestoneStatus();
    heatmap();
    districtMap();
    trends();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
