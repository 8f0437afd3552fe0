// Charts of the environment pages (Apache ECharts). Each chart reads its data from a JSON block the server rendered
// into the page (<script type="application/json">), and every chart has a table or summary beside it as its text
// alternative, so nothing here is the only way to read the data.
(function () {
  "use strict";

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // HJ 633 levels and colours; the server sends them so the page and the tables agree.
  function levelPieces(levels) {
    return levels.map(function (l) {
      var piece = { min: l.min, label: l.name, color: l.colour };
      if (l.max !== null) piece.max = l.max;
      return piece;
    });
  }

  function resizeWith(chart) {
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Stations on the Qingdao district map (features are keyed by their GB/T 2260 code).
  function stationMap() {
    var el = document.getElementById("station-map");
    var stations = json("station-map-data");
    if (!el || !stations) return;
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
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              return p.data && p.data.code ? p.data.name + "<br>" + p.data.kind + " · " + p.data.type + (p.data.approximate ? "<br>（位置为近似）" : "") : p.name;
            }
          },
          geo: {
            map: "qingdao",
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
            data: stations.map(function (s) {
              return { name: s.name, value: [s.longitude, s.latitude], code: s.code, kind: s.kind, type: s.type, approximate: s.approximate };
            })
          }]
        });
        chart.on("click", function (p) {
          if (p.data && p.data.code) window.location.href = "/environment/stations/" + encodeURIComponent(p.data.code);
        });
        el.dataset.rendered = "true";
        resizeWith(chart);
      })
      .catch(function (e) {
        el.textContent = "地图未能加载：" + e.message + "。站点见下方列表。";
      });
  }

  // A year of daily AQI: a calendar heat map and a line, coloured by level.
  function dailyCharts() {
    var series = json("daily-data");
    if (!series) return;
    var pieces = levelPieces(json("aqi-levels"));
    var points = series.days.filter(function (d) { return d.aqi !== null; }).map(function (d) { return [d.date, d.aqi]; });

    var cal = document.getElementById("aqi-calendar");
    if (cal) {
      var calendar = echarts.init(cal);
      calendar.setOption({
        aria: { enabled: true, label: { description: cal.getAttribute("aria-label") } },
        tooltip: { formatter: function (p) { return p.data[0] + "：AQI " + p.data[1]; } },
        visualMap: { type: "piecewise", orient: "horizontal", left: "center", bottom: 0, pieces: pieces },
        calendar: {
          range: String(series.year),
          top: 40, left: 40, right: 20, bottom: 60,
          cellSize: ["auto", 16],
          dayLabel: { nameMap: "ZH", firstDay: 1 },
          monthLabel: { nameMap: "ZH" },
          yearLabel: { show: false },
          itemStyle: { borderColor: "#fff", borderWidth: 1, color: "#f0f0f0" }
        },
        series: [{ type: "heatmap", name: "日 AQI", coordinateSystem: "calendar", data: points }]
      });
      cal.dataset.rendered = "true";
      resizeWith(calendar);
    }

    var line = document.getElementById("aqi-daily-line");
    if (line) {
      var chart = echarts.init(line);
      chart.setOption({
        aria: { enabled: true, label: { description: line.getAttribute("aria-label") } },
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 20, top: 20, bottom: 60 },
        xAxis: { type: "time" },
        yAxis: { type: "value", name: "AQI" },
        visualMap: { show: false, pieces: pieces },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
        series: [{ type: "line", name: "日 AQI", showSymbol: false, data: points,
          markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#888" }, data: [{ yAxis: 100, label: { position: "insideEndTop", formatter: "AQI 100" } }] } }]
      });
      line.dataset.rendered = "true";
      resizeWith(chart);
    }
  }

  // A month of hourly AQI.
  function hourlyChart() {
    var hours = json("hourly-data");
    var el = document.getElementById("aqi-hourly-line");
    if (!hours || !el) return;
    var pieces = levelPieces(json("aqi-levels"));
    var chart = echarts.init(el);
    chart.setOption({
      aria: { enabled: true, label: { description: el.getAttribute("aria-label") } },
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "category", data: hours.map(function (h) { return h.date.substring(5) + " " + (h.hour < 10 ? "0" : "") + h.hour + "时"; }) },
      yAxis: { type: "value", name: "AQI" },
      visualMap: { show: false, pieces: pieces },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 10 }],
      series: [{ type: "line", name: "小时 AQI", showSymbol: false, connectNulls: false, data: hours.map(function (h) { return h.aqi; }) }]
    });
    el.dataset.rendered = "true";
    resizeWith(chart);
  }

  // The admin upload: post the file, then poll the import until it has finished.
  function importForm() {
    var form = document.getElementById("air-import-form");
    if (!form) return;
    var bar = document.getElementById("import-progress");
    var status = document.getElementById("import-status");
    var result = document.getElementById("import-result");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = new FormData(form);
      form.querySelector("button").disabled = true;
      bar.value = 0;
      status.textContent = "上传中…";
      result.innerHTML = "";
      fetch("/api/environment/air/imports", { method: "POST", body: data, credentials: "same-origin" })
        .then(function (r) {
          return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
        })
        .then(function (r) {
          if (!r.ok) throw new Error(r.body && r.body.errors ? Object.values(r.body.errors).flat().join("；") : "HTTP " + r.status);
          if (r.body.duplicate) {
            show(r.body, "同一文件已于导入 #" + r.body.id + " 写入，未重复写入。");
            return;
          }
          poll(r.body.id);
        })
        .catch(function (e) {
          status.textContent = "上传失败：" + e.message;
          form.querySelector("button").disabled = false;
        });
    });

    function poll(id) {
      fetch("/api/environment/air/imports/" + id, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (i) {
          bar.value = i.percent;
          status.textContent = "导入 #" + i.id + "：" + i.statusName + "（" + i.percent + "%，已读 " + i.rowsRead + " 行）";
          if (i.status === "queued" || i.status === "running") {
            setTimeout(function () { poll(id); }, 500);
          } else {
            show(i, null);
          }
        });
    }

    function show(i, note) {
      form.querySelector("button").disabled = false;
      bar.value = 100;
      status.textContent = note || ("导入 #" + i.id + "：" + i.statusName + (i.error ? "。" + i.error : ""));
      var summary = document.createElement("p");
      summary.textContent = "读取 " + i.rowsRead + " 行，写入 " + i.rowsAccepted + " 行，拒绝 " + i.rowsRejected + " 行；日数据 " + i.daysStored + " 个站日。";
      result.appendChild(summary);
      if (i.rowsRejected > 0) {
        fetch("/api/environment/air/imports/" + i.id + "/rejections?take=200", { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (page) {
            var table = document.createElement("table");
            table.className = "grid";
            table.innerHTML = "<caption>被拒绝的行（共 " + page.total + " 行，显示前 " + page.rows.length + " 行）</caption>"
              + "<thead><tr><th scope=\"col\">行号</th><th scope=\"col\">字段</th><th scope=\"col\">类别</th><th scope=\"col\">原因</th></tr></thead>";
            var body = document.createElement("tbody");
            page.rows.forEach(function (row) {
              var tr = document.createElement("tr");
              [row.line, row.field, row.kindName, row.reason].forEach(function (v) {
                var td = document.createElement("td");
                td.textContent = v;
                tr.appendChild(td);
              });
              body.appendChild(tr);
            });
            table.appendChild(body);
            result.appendChild(table);
          });
      }
    }
  }

  function start() {
    stationMap();
    dailyCharts();
    hourlyChart();
    importForm();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
