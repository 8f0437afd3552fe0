// Trend charts of the public showcase, drawn by charts.js from the JSON block the <Chart> component wrote beside each
// one (the target page's chart with ECharts, the sparklines as plain SVG); each chart names its series in words (aria-label) and sits beside a table with the same figures, so the chart is
// never the only way to read them.

const ink = "#1d2733", line = "#0b6e4f", target = "#842029";

function draw(el, c, initChart) {
  if (c.points.length === 0) return;
  initChart(el, {
    animation: false,
    grid: { left: 64, right: 32, top: 36, bottom: 32 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: c.points.map((p) => String(p.year)), axisLabel: { color: ink } },
    yAxis: {
      type: "value", scale: true, name: c.unit, axisLabel: { color: ink }, nameTextStyle: { color: ink },
      // Keep the target line in view.
      min: (v) => Math.min(v.min, c.target),
      max: (v) => Math.max(v.max, c.target)
    },
    series: [{
      type: "line",
      name: c.valueLabel,
      data: c.points.map((p) => p.value),
      symbolSize: 8,
      lineStyle: { color: line, width: 2 },
      itemStyle: { color: line },
      markLine: {
        symbol: "none",
        data: [{ yAxis: c.target, name: c.targetLabel }],
        label: { formatter: c.targetLabel + " " + c.target + " (" + c.targetYear + ")", color: target },
        lineStyle: { color: target, type: "dashed" }
      }
    }]
  });
}

/** A target's approved city-wide series with its target line (the target page). */
export function trend(el, c, { initChart }) {
  draw(el, c, initChart);
}

const svg = "http://www.w3.org/2000/svg";

function node(name, attributes) {
  const n = document.createElementNS(svg, name);
  Object.entries(attributes).forEach(([k, v]) => n.setAttribute(k, String(v)));
  return n;
}

/**
 * The small line beside a headline target or in a table row: a few points drawn as SVG here, without ECharts, so the
 * public home page never loads the chart library (spark.echarts = false tells charts.js). Drawn means data-rendered.
 */
export function spark(el, c) {
  const points = c.points;
  if (points.length === 0) return;
  const width = Math.max(el.clientWidth, 40), height = Math.max(el.clientHeight, 16), pad = 4;
  const values = points.map((p) => p.value);
  const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
  const x = (i) => points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (v) => max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / span;
  const picture = node("svg", { width, height, viewBox: `0 0 ${width} ${height}`, "aria-hidden": "true", focusable: "false" });
  picture.appendChild(node("polyline", {
    points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" "),
    fill: "none", stroke: line, "stroke-width": 2, "stroke-linejoin": "round", "stroke-linecap": "round"
  }));
  values.forEach((v, i) => picture.appendChild(node("circle", { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: i === values.length - 1 ? 3 : 2, fill: line })));
  el.replaceChildren(picture);
  el.dataset.rendered = "true";
}
spark.echarts = false;
