// Trend charts of the public showcase, drawn by charts.js from the JSON block the <Chart> component wrote beside each
// one; each chart names its series in words (aria-label) and sits beside a table with the same figures, so the chart is
// never the only way to read them.

const ink = "#1d2733", line = "#0b6e4f", target = "#842029";

function draw(el, c, initChart, large) {
  if (c.points.length === 0) return;
  const series = {
    type: "line",
    name: c.valueLabel,
    data: c.points.map((p) => p.value),
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
  initChart(el, {
    animation: false,
    grid: large ? { left: 64, right: 32, top: 36, bottom: 32 } : { left: 4, right: 4, top: 6, bottom: 6 },
    tooltip: large ? { trigger: "axis" } : { show: false },
    xAxis: { type: "category", data: c.points.map((p) => String(p.year)), show: large, axisLabel: { color: ink } },
    yAxis: {
      type: "value", show: large, scale: true, name: large ? c.unit : "", axisLabel: { color: ink }, nameTextStyle: { color: ink },
      // The large chart keeps its target line in view.
      min: large ? (v) => Math.min(v.min, c.target) : null,
      max: large ? (v) => Math.max(v.max, c.target) : null
    },
    series: [series]
  });
}

/** A target's approved city-wide series with its target line (the target page). */
export function trend(el, c, { initChart }) {
  draw(el, c, initChart, true);
}

/** The small line in a table row. */
export function spark(el, c, { initChart }) {
  draw(el, c, initChart, false);
}
