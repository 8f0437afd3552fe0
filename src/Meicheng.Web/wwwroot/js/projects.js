// The project library's map layer: projects on the city's district map, one series per type, the symbol by status.

/** The symbol of a status: built ■, under construction ●, planned ▲, stopped ◆. */
const symbols = {
  "under-construction": "circle",
  "completed": "rect",
  "in-operation": "rect",
  "suspended": "diamond",
  "cancelled": "diamond"
};

const colours = ["#0a58ca", "#1a7f37", "#d9480f", "#7048e8", "#c2255c", "#0c8599", "#e67700", "#5c940d", "#364fc7", "#862e9c", "#a61e4d", "#2b8a3e"];

function number(v) {
  return Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

/** A point's coordinates, or a polygon's centre (the mean of its outer ring), from GeoJSON text; null when unreadable. */
function centre(text) {
  try {
    const g = JSON.parse(text);
    if (g.type === "Point") return [g.coordinates[0], g.coordinates[1]];
    if (g.type === "Polygon") {
      const ring = g.coordinates[0].slice(0, -1);
      return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    }
  } catch (e) {
    return null;
  }
  return null;
}

/** data: { public, english, points: [{ id, name, type, status, statusText, regionName, location, investment, geometry }] }. */
export function projectMap(el, data, { initChart, loadCityMap }) {
  const points = data.points.map((p) => ({ p, coord: centre(p.geometry) })).filter((x) => x.coord);
  const types = [...new Set(points.map((x) => x.p.type))].sort();
  const invest = data.english ? "investment" : "总投资";
  const unit = data.english ? " (10k yuan)" : " 万元";
  return loadCityMap(el.dataset.geo)
    .then((map) => initChart(el, {
      // The exported CSV reads the dataset: one row per project, by name.
      dataset: { source: [["项目名称", "类型", "状态", "区（市）", "总投资（万元）", "经度", "纬度"]].concat(points.map((x) =>
        [x.p.name, x.p.type, x.p.statusText, x.p.regionName, x.p.investment, x.coord[0], x.coord[1]])) },
      color: colours,
      legend: { type: "scroll", top: 0, data: types },
      tooltip: {
        trigger: "item",
        formatter: (q) => {
          const p = q.data && q.data.project;
          if (!p) return "";
          return p.name + "\n" + p.type + " · " + p.statusText + "\n" + p.regionName + (p.location ? "（" + p.location + "）" : "")
            + "\n" + invest + " " + number(p.investment) + unit;
        }
      },
      geo: {
        map, nameProperty: "code", layoutSize: "95%", roam: true, silent: true,
        itemStyle: { areaColor: "#eef0f2", borderColor: "#9aa5b1" }
      },
      series: types.map((type) => ({
        type: "scatter", coordinateSystem: "geo", name: type, symbolSize: 10,
        data: points.filter((x) => x.p.type === type).map((x) => ({
          name: x.p.name, value: x.coord, symbol: symbols[x.p.status] || "triangle", project: x.p,
          url: data.public ? undefined : "/projects/" + x.p.id
        }))
      }))
    }, { drill: !data.public }))
    .catch((e) => {
      el.textContent = (data.english ? "The map could not be loaded: " : "地图未能加载：") + e.message;
    });
}
