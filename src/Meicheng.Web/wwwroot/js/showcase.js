// Trend charts of the public showcase (Apache ECharts). The data comes from the server-rendered JSON block
// #showcase-charts; each chart container names its series in words (aria-label) and sits beside a table with
// the same figures, so the chart is never the only way to read them.
(function () {
  "use strict";

  var block = document.getElementById("showcase-charts");
  if (!block || !window.echarts) return;
  var byId = {};
  JSON.parse(block.textContent).forEach(function (c) { byId[c.id] = c; });

  var ink = "#1d2733", line = "#0b6e4f", target = "#842029";

  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
    var c = byId[el.getAttribute("data-chart")];
    if (!c || c.points.length === 0) return;
    var large = el.classList.contains("trend");
    var years = c.points.map(function (p) { return String(p.year); });
    var values = c.points.map(function (p) { return p.value; });
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var series = {
      type: "line",
      name: c.valueLabel,
      data: values,
      symbolSize: large ? 8 : 5,
      lineStyle: { color: line, width: 2 },
      itemStyle: { color: line }
    };
    if (large) {
      series.markLine = {
        symbol: "none",
        data: [{ yAxis: c.target, name: c.targetLabel }],
        label: { formatter: c.targetLabel + " " + c.target + " (" + c.targetYear + ")", color: target },
        lineStyle: { color: target, type: "dashed" }
      };
    }
    chart.setOption({
      aria: { enabled: true, label: { description: el.getAttribute("aria-label") } },
      animation: false,
      grid: large ? { left: 64, right: 32, top: 36, bottom: 32 } : { left: 4, right: 4, top: 6, bottom: 6 },
      tooltip: large ? { trigger: "axis" } : { show: false },
      xAxis: { type: "category", data: years, show: large, axisLabel: { color: ink } },
      yAxis: {
        type: "value", show: large, scale: true, name: large ? c.unit : "", axisLabel: { color: ink }, nameTextStyle: { color: ink },
        // The large chart keeps its target line in view.
        min: large ? function (v) { return Math.min(v.min, c.target); } : null,
        max: large ? function (v) { return Math.max(v.max, c.target); } : null
      },
      series: [series]
    });
    el.setAttribute("data-rendered", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
