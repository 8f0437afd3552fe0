/** Registered outfalls on the city's map, green when digitally supervised, red when not; data: [{ code, name, longitude, latitude, supervised, type }]. */
export function outfallMap(el, outfalls, { initChart, loadCityMap }) {
  return loadCityMap(el.dataset.geo)
    .then((map) => {
      const chart = initChart(el, {
        tooltip: {
          trigger: "item",
          formatter: (p) => (p.data && p.data.code ? p.data.name + "\n" + p.data.type + " · " + (p.data.supervised ? "数字化监管" : "未纳入数字化监管") : p.name)
        },
        legend: { bottom: 0, data: ["数字化监管", "未纳入数字化监管"] },
        geo: {
          map,
          roam: true,
          layoutSize: "95%",
          label: { show: true, fontSize: 11, color: "#5b6673" },
          itemStyle: { areaColor: "#eef2f5", borderColor: "#9aa5b1" }
        },
        series: [true, false].map((supervised) => ({
          name: supervised ? "数字化监管" : "未纳入数字化监管",
          type: "scatter",
          coordinateSystem: "geo",
          symbolSize: 11,
          itemStyle: { color: supervised ? "#0b6e4f" : "#c0392b", borderColor: "#fff", borderWidth: 1 },
          data: outfalls.filter((o) => o.supervised === supervised)
            .map((o) => ({ name: o.name, value: [o.longitude, o.latitude], code: o.code, type: o.type, supervised: o.supervised }))
        }))
      });
      chart.on("click", (p) => {
        if (p.data && p.data.code) window.location.href = "/environment/outfalls/" + encodeURIComponent(p.data.code);
      });
    })
    .catch((e) => {
      el.textContent = "地图未能加载：" + e.message + "。排污口见下方列表。";
    });
}
