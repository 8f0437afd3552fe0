// Exports for every chart and table that asks for them, on any page (App.razor includes this script everywhere).
//   <div class="chart" data-export="file-stem">  with an ECharts instance: "下载图片 PNG" and "下载数据 CSV"
//   <table data-export="file-stem">              "下载 CSV" (the cells' text, header rows included)
// The CSV is UTF-8 with a byte order mark so that Excel opens Chinese correctly; a text cell starting with = + - @ is
// prefixed with ' so a spreadsheet never runs it as a formula (as the audit log's CSV does). On a page with neither, this
// script does nothing. English pages (<html lang="en">) get English labels.
(function () {
  "use strict";

  var english = /^en\b/i.test(document.documentElement.getAttribute("lang") || "");
  var text = english
    ? { sep: ": ", png: "Download image (PNG)", chartCsv: "Download data (CSV)", tableCsv: "Download CSV", series: "Series", name: "Name", value: "Value", category: "Category", x: "X", y: "Y" }
    : { sep: "：", png: "下载图片 PNG", chartCsv: "下载数据 CSV", tableCsv: "下载 CSV", series: "系列", name: "名称", value: "数值", category: "类别", x: "横轴", y: "纵轴" };

  function stem(el) {
    // Keep the name readable (Chinese is fine) but free of characters file systems refuse.
    return (el.getAttribute("data-export") || "export").replace(/[\\/:*?"<>|\s]+/g, "-") || "export";
  }

  function field(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return isFinite(v) ? String(v) : "";
    var s = String(v);
    if (s.length > 0 && "=+-@".indexOf(s.charAt(0)) >= 0 && isNaN(Number(s))) s = "'" + s;
    return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
  }

  function csv(rows) {
    return "\uFEFF" + rows.map(function (r) { return r.map(field).join(","); }).join("\r\n") + "\r\n";
  }

  function save(href, fileName, revoke) {
    var a = document.createElement("a");
    a.href = href;
    a.download = fileName;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    if (revoke) setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
  }

  function saveCsv(rows, fileName) {
    save(URL.createObjectURL(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" })), fileName, true);
  }

  function button(label, accessibleName, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "export-button";
    b.textContent = label;
    b.setAttribute("aria-label", accessibleName);
    b.addEventListener("click", onClick);
    return b;
  }

  function bar(kind) {
    var div = document.createElement("div");
    div.className = "export-buttons export-" + kind;
    return div;
  }

  // ---- charts ----

  function instanceOf(el) {
    return typeof window.echarts !== "undefined" && window.echarts.getInstanceByDom ? window.echarts.getInstanceByDom(el) : null;
  }

  function scalar(d) {
    if (d === null || d === undefined) return null;
    if (typeof d === "object" && !Array.isArray(d)) return "value" in d ? d.value : null;
    return d;
  }

  function itemName(d) {
    return d && typeof d === "object" && !Array.isArray(d) ? (d.displayName || d.name || "") : "";
  }

  function axisTitle(axis, fallback) {
    return axis && axis.name ? axis.name : fallback;
  }

  function categoryLabel(axis, v) {
    return axis && axis.type === "category" && axis.data && typeof v === "number" && axis.data[v] !== undefined
      ? (typeof axis.data[v] === "object" ? axis.data[v].value : axis.data[v]) : v;
  }

  // The chart's data as rows, from its option: the dataset's source when there is one; a category axis with one
  // column per series; otherwise one row per data item (series, name, and its values, category indexes as labels).
  function chartRows(option) {
    var datasets = option.dataset || [];
    if (datasets.length && datasets[0].source) {
      var source = datasets[0].source;
      if (Array.isArray(source) && source.length && !Array.isArray(source[0]) && typeof source[0] === "object") {
        var keys = Object.keys(source[0]);
        return [keys].concat(source.map(function (o) { return keys.map(function (k) { return o[k]; }); }));
      }
      return source;
    }
    var series = (option.series || []).filter(function (s) { return Array.isArray(s.data); });
    var xAxes = option.xAxis || [], yAxes = option.yAxis || [];
    var cartesian = series.length > 0 && series.every(function (s) { return !s.coordinateSystem || s.coordinateSystem === "cartesian2d"; })
      && xAxes.length > 0 && series.every(function (s) { return s.type === "line" || s.type === "bar" || s.type === "scatter" || s.type === "heatmap"; });
    var categoryX = cartesian && xAxes[0].type === "category" && Array.isArray(xAxes[0].data)
      && series.every(function (s) { return s.data.every(function (d) { var v = scalar(d); return v === null || !Array.isArray(v); }); });
    if (categoryX) {
      var rows = [[axisTitle(xAxes[0], text.category)].concat(series.map(function (s, i) { return s.name || text.series + (i + 1); }))];
      xAxes[0].data.forEach(function (c, i) {
        rows.push([typeof c === "object" && c !== null ? c.value : c].concat(series.map(function (s) { return scalar(s.data[i]); })));
      });
      return rows;
    }
    var width = 1;
    series.forEach(function (s) {
      s.data.forEach(function (d) { var v = scalar(d); if (Array.isArray(v)) width = Math.max(width, v.length); });
    });
    var header = [text.series, text.name];
    for (var k = 0; k < width; k++) {
      if (cartesian && k === 0) header.push(axisTitle(xAxes[0], text.x));
      else if (cartesian && k === 1) header.push(axisTitle(yAxes[0], text.y));
      else header.push(width > 1 ? text.value + (cartesian ? "" : k + 1) : text.value);
    }
    var out = [header];
    series.forEach(function (s, i) {
      var xAxis = cartesian ? xAxes[s.xAxisIndex || 0] : null, yAxis = cartesian ? yAxes[s.yAxisIndex || 0] : null;
      s.data.forEach(function (d) {
        var v = scalar(d);
        var values = Array.isArray(v) ? v.slice() : [v];
        if (cartesian && Array.isArray(v)) {
          values[0] = categoryLabel(xAxis, values[0]);
          if (values.length > 1) values[1] = categoryLabel(yAxis, values[1]);
        }
        out.push([s.name || text.series + (i + 1), itemName(d)].concat(values));
      });
    });
    return out;
  }

  function decorateChart(el) {
    if (el.getAttribute("data-export-ready")) return;
    var chart = instanceOf(el);
    if (!chart) return;
    el.setAttribute("data-export-ready", "true");
    var name = stem(el);
    var div = bar("chart");
    div.appendChild(button(text.png, text.png + text.sep + name, function () {
      var c = instanceOf(el);
      if (c) save(c.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), name + ".png", false);
    }));
    div.appendChild(button(text.chartCsv, text.chartCsv + text.sep + name, function () {
      var c = instanceOf(el);
      if (c) saveCsv(chartRows(c.getOption()), name + ".csv");
    }));
    el.insertAdjacentElement("afterend", div);
  }

  // ---- tables ----

  function cellText(cell) {
    return (cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  function decorateTable(table) {
    if (table.getAttribute("data-export-ready")) return;
    table.setAttribute("data-export-ready", "true");
    var name = stem(table);
    var div = bar("table");
    div.appendChild(button(text.tableCsv, text.tableCsv + text.sep + name, function () {
      var rows = Array.prototype.map.call(table.rows, function (r) { return Array.prototype.map.call(r.cells, cellText); });
      saveCsv(rows, name + ".csv");
    }));
    var anchor = table.parentElement && table.parentElement.classList.contains("table-scroll") ? table.parentElement : table;
    anchor.insertAdjacentElement("afterend", div);
  }

  // Charts appear when their scripts have drawn them (a map waits for its GeoJSON), so look again whenever a chart
  // container changes; the look is cheap and batched.
  var pending = false;
  function scan() {
    pending = false;
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-export]"), decorateChart);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-export]"), decorateTable);
  }

  function later() {
    if (pending) return;
    pending = true;
    setTimeout(scan, 0);
  }

  function start() {
    scan();
    if (!document.querySelector(".chart[data-export]") || typeof MutationObserver === "undefined") return;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var t = records[i].target;
        if (t.nodeType === 1 && t.matches && t.matches(".chart[data-export]:not([data-export-ready])")) { later(); return; }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-rendered"] });
    window.addEventListener("load", later);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
