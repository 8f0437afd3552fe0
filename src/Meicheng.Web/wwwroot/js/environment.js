// Charts of the environment pages, drawn by charts.js from the JSON block the <Chart> component wrote beside each one.
// Every chart has a table or summary beside it as its text alternative, so nothing here is the only way to read the data.

// HJ 633 levels and colours; the server sends them so the page and the tables agree.
function levelPieces(levels) {
  return levels.map((l) => {
    const piece = { min: l.min, label: l.name, color: l.colour };
    if (l.max !== null) piece.max = l.max;
    return piece;
  });
}

function dailyPoints(series) {
  return series.days.filter((d) => d.aqi !== null).map((d) => [d.date, d.aqi]);
}

/** Stations on the city's district map (features keyed by GB/T 2260 code); data: the stations with coordinates. */
export function stationMap(el, stations, { initChart, loadCityMap }) {
  return loadCityMap(el.dataset.geo)
    .then((map) => {
      const chart = initChart(el, {
        tooltip: {
          trigger: "item",
          formatter: (p) => (p.data && p.data.code
            ? p.data.name + "\n" + p.data.kind + " · " + p.data.type + (p.data.approximate ? "\n（近似位置）" : "")
            : p.name)
        },
        geo: {
          map,
          roam: true,
          layoutSize: "95%",
          label: { show: true, fontSize: 11, color: "#5b6673" },
          itemStyle: { areaColor: "#eef2f5", borderColor: "#9aa5b1" },
          emphasis: { itemStyle: { areaColor: "#d1e7dd" }, label: { color: "#1d2733" } }
        },
        series: [{
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 12,
          itemStyle: { color: "#0b6e4f", borderColor: "#fff", borderWidth: 1 },
          label: { show: false, position: "right", formatter: "{b}", fontSize: 12 },
          emphasis: { label: { show: true } },
          data: stations.map((s) => ({ name: s.name, value: [s.longitude, s.latitude], code: s.code, kind: s.kind, type: s.type, approximate: s.approximate }))
        }]
      });
      chart.on("click", (p) => {
        if (p.data && p.data.code) window.location.href = "/environment/stations/" + encodeURIComponent(p.data.code);
      });
    })
    .catch((e) => {
      el.textContent = "地图未能加载：" + e.message + "。站点见下方列表。";
    });
}

/** A year of daily AQI as a calendar heat map, coloured by level; data: { daily, levels }. */
export function aqiCalendar(el, { daily, levels }, { initChart }) {
  initChart(el, {
    tooltip: { formatter: (p) => p.data[0] + "：AQI " + p.data[1] },
    visualMap: { type: "piecewise", orient: "horizontal", left: "center", bottom: 0, pieces: levelPieces(levels) },
    calendar: {
      range: String(daily.year),
      top: 40, left: 40, right: 20, bottom: 60,
      cellSize: ["auto", 16],
      dayLabel: { nameMap: "ZH", firstDay: 1 },
      monthLabel: { nameMap: "ZH" },
      yearLabel: { show: false },
      itemStyle: { borderColor: "#fff", borderWidth: 1, color: "#f0f0f0" }
    },
    series: [{ type: "heatmap", name: "日 AQI", coordinateSystem: "calendar", data: dailyPoints(daily) }]
  });
}

/** The same year of daily AQI as a line; data: { daily, levels } (the calendar's block). */
export function aqiDailyLine(el, { daily, levels }, { initChart }) {
  initChart(el, {
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: "AQI" },
    visualMap: { show: false, pieces: levelPieces(levels) },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
    series: [{ type: "line", name: "日 AQI", showSymbol: false, data: dailyPoints(daily),
      markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#888" }, data: [{ yAxis: 100, label: { position: "insideEndTop", formatter: "AQI 100" } }] } }]
  });
}

/** A month of hourly AQI; data: { hours, levels }. */
export function aqiHourlyLine(el, { hours, levels }, { initChart }) {
  initChart(el, {
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: hours.map((h) => h.date.substring(5) + " " + (h.hour < 10 ? "0" : "") + h.hour + "时") },
    yAxis: { type: "value", name: "AQI" },
    visualMap: { show: false, pieces: levelPieces(levels) },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
    series: [{ type: "line", name: "小时 AQI", showSymbol: false, connectNulls: false, data: hours.map((h) => h.aqi) }]
  });
}
