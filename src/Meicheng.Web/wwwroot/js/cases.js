// The typical case page's small map: the city's districts with the case's point, drawn by charts.js from the JSON block
// the <Chart> component wrote. The location is also given in words beside the map, so the map is never the only way to read it.

/** data: { name, longitude, latitude, districtName, failed (the sentence shown when the map cannot load) }. */
export function caseMap(el, data, { initChart, loadCityMap }) {
  return loadCityMap(el.dataset.geo)
    .then((map) => initChart(el, {
      geo: {
        map,
        roam: true,
        layoutSize: "95%",
        label: { show: false },
        itemStyle: { areaColor: "#eef2f5", borderColor: "#9aa5b1" },
        regions: [{ name: data.districtName, itemStyle: { areaColor: "#d1e7dd" } }],
        emphasis: { itemStyle: { areaColor: "#d1e7dd" }, label: { show: false } }
      },
      series: [{
        type: "scatter",
        coordinateSystem: "geo",
        symbolSize: 14,
        itemStyle: { color: "#b02a37", borderColor: "#fff", borderWidth: 2 },
        label: { show: true, position: "right", formatter: "{b}", fontSize: 12, color: "#1d2733" },
        data: [{ name: data.name, value: [data.longitude, data.latitude] }]
      }]
    }))
    .catch(() => {
      el.textContent = data.failed;
    });
}
