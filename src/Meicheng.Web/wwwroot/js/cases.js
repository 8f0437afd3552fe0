// The typical case page's small map (Apache ECharts): Qingdao's districts with the case's point. The location is also
// given in words beside the map, so the map is never the only way to read it.
(function () {
  "use strict";

  var el = document.getElementById("case-map");
  var dataEl = document.getElementById("case-map-data");
  if (!el || !dataEl || typeof echarts === "undefined") return;
  var data = JSON.parse(dataEl.textContent);

  fetch(el.dataset.geo)
    .then(function (r) {
      if (!r.ok) throw new Error("map " + r.status);
      return r.json();
    })
    .then(function (geo) {
      echarts.registerMap("qingdao", geo);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        aria: { enabled: true, label: { description: el.getAttribute("aria-label") } },
        geo: {
          map: "qingdao",
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
      });
      el.dataset.rendered = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    })
    .catch(function () {
      el.textContent = data.failed;
    });
})();
