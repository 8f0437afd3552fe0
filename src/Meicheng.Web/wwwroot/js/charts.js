// Meicheng's one chart module (an ES module, loaded on every page by App.razor through the static-asset manifest).
//  - Draws every chart the <Chart> component wrote: <div class="chart" data-module="/js/x.{fingerprint}.js" data-draw="fn"
//    data-source="id of its JSON block">. The feature module is imported on demand and its export `fn(el, data, charts)`
//    draws with the helpers below, when the chart comes near the viewport (IntersectionObserver) and not before: a long
//    page does not load ECharts or draw the charts nobody scrolls to. A chart is marked data-rendered="true" once drawn.
//  - Loads Apache ECharts (a classic script, window.echarts) once, from the fingerprinted URL App.razor puts on this
//    module's <script> tag, and the city's district map from the URL <Chart> puts on the chart (data-geo).
//  - Adds the export buttons: "下载图片 PNG" and "下载数据 CSV" under each chart with data-export, "下载 CSV" under each
//    table with data-export (the cells' text, header rows included), on any page.
// Feature modules receive these helpers as an argument instead of importing this file: without an import map (an inline
// script, which the Content-Security-Policy forbids) a static `import "./charts.js"` from a fingerprinted module would
// load a second, unfingerprinted copy of this module.
// Nothing here is inline or evaluated from strings, so pages work under `script-src 'self'`.

const config = (document.querySelector("script[data-echarts]") || { dataset: {} }).dataset;

// ---- loading ----

let echartsLoad = null;

/** Apache ECharts, loaded once (a classic script that defines window.echarts). */
export function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsLoad) {
    echartsLoad = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = config.echarts || "/lib/echarts/echarts.min.js";
      s.addEventListener("load", () => resolve(window.echarts));
      s.addEventListener("error", () => { echartsLoad = null; reject(new Error("ECharts")); });
      document.head.appendChild(s);
    });
  }
  return echartsLoad;
}

const mapLoads = new Map();

/**
 * Registers the city's district map (GeoJSON, features keyed by GB/T 2260 code) with ECharts as "city", once per page.
 * Resolves to the map's name; rejects with an Error when the file cannot be loaded or the city has none.
 */
export function loadCityMap(url) {
  const href = url;
  if (!href) return Promise.reject(new Error("no map for this city"));
  if (!mapLoads.has(href)) {
    const load = Promise.all([loadEcharts(), fetch(href).then((r) => {
      if (!r.ok) throw new Error("map " + r.status);
      return r.json();
    })]).then(([echarts, geo]) => {
      echarts.registerMap("city", geo);
      return "city";
    });
    load.catch(() => mapLoads.delete(href));
    mapLoads.set(href, load);
  }
  return mapLoads.get(href);
}

/**
 * Draws `option` into `el` and marks it drawn (data-rendered), with the container's accessible name as the chart's aria
 * description, a resize on window resize, and the export buttons. With `drill`, a click on an item that carries a `url`
 * goes there (the same page its row in the table links to).
 * Tooltips are drawn as rich text in the canvas (line breaks are "\n"): ECharts' HTML tooltips carry style attributes,
 * which a Content-Security-Policy of style-src 'self' refuses.
 */
export function initChart(el, option, { drill = false } = {}) {
  const chart = window.echarts.init(el, null, { renderer: "canvas" });
  // Drawn means the first render and its animation are over: before then a click lands where a slice or bar is still
  // moving to, not where it will be. Listened for before setOption, which may finish at once when nothing animates.
  const drawn = () => { chart.off("finished", drawn); el.dataset.rendered = "true"; };
  chart.on("finished", drawn);
  const full = { aria: { enabled: true, label: { description: el.getAttribute("aria-label") } }, ...option };
  if (option.tooltip) full.tooltip = { ...option.tooltip, renderMode: "richText" };
  chart.setOption(full);
  if (drill) {
    chart.on("click", (p) => {
      if (p.data && p.data.url) window.location.href = p.data.url;
    });
  }
  // A map's view cannot be laid out in a container of no size (ECharts throws), e.g. while a page is being captured.
  window.addEventListener("resize", () => { if (el.clientWidth > 0 && el.clientHeight > 0) chart.resize(); });
  decorateChart(el);
  return chart;
}

/** The JSON block a chart reads (written by the <Chart> component as <script type="application/json">). */
export function dataOf(el) {
  const block = el.dataset.source ? document.getElementById(el.dataset.source) : null;
  return block ? JSON.parse(block.textContent) : null;
}

const helpers = { initChart, loadCityMap, loadEcharts, dataOf };

function draw(el) {
  if (el.dataset.drawing) return Promise.resolve();
  el.dataset.drawing = "true";
  // The manifest's URLs are relative to the document's base (<base href>), as a bare import() would not resolve them.
  // ECharts is loaded once the module is, unless the chart says it draws without it (fn.echarts === false: the
  // showcase's SVG sparklines), so a page of only such charts never loads the library.
  return import(new URL(el.dataset.module, document.baseURI).href)
    .then((module) => {
      const fn = module[el.dataset.draw];
      if (typeof fn !== "function") throw new Error(el.dataset.module + " has no chart " + el.dataset.draw);
      return (fn.echarts === false ? Promise.resolve() : loadEcharts()).then(() => sized(el)).then(() => fn(el, dataOf(el), helpers));
    })
    .catch((e) => console.error("chart " + (el.id || el.dataset.draw) + ": " + e.message));
}

// ECharts lays a chart out in its container's size at init, so wait until the container has one.
function sized(el) {
  if (el.clientWidth > 0 && el.clientHeight > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const watch = new ResizeObserver(() => {
      if (el.clientWidth === 0 || el.clientHeight === 0) return;
      watch.disconnect();
      resolve();
    });
    watch.observe(el);
  });
}

function drawCharts() {
  const charts = Array.from(document.querySelectorAll(".chart[data-draw][data-module]"));
  if (charts.length === 0) return;
  if (!("IntersectionObserver" in window)) {
    charts.forEach(draw);
    return;
  }
  // Drawn as they come within 200 px of the viewport. The table beside each chart holds its figures, so a page printed
  // or read before a chart is drawn still says everything.
  const seen = new IntersectionObserver((entries) => {
    entries.forEach((e) => {
      if (!e.isIntersecting) return;
      seen.unobserve(e.target);
      draw(e.target);
    });
  }, { rootMargin: "200px" });
  charts.forEach((c) => seen.observe(c));
}

// ---- exports ----
// The CSV is UTF-8 with a byte order mark so that Excel opens Chinese correctly; a text cell starting with = + - @ is
// prefixed with ' so a spreadsheet never runs it as a formula (as the audit log's CSV does). English pages
// (<html lang="en">) get English labels.

const english = /^en\b/i.test(document.documentElement.getAttribute("lang") || "");
const text = english
  ? { sep: ": ", png: "Download image (PNG)", chartCsv: "Download data (CSV)", tableCsv: "Download CSV", series: "Series", name: "Name", value: "Value", category: "Category", x: "X", y: "Y" }
  : { sep: "：", png: "下载图片 PNG", chartCsv: "下载数据 CSV", tableCsv: "下载 CSV", series: "系列", name: "名称", value: "数值", category: "类别", x: "横轴", y: "纵轴" };

function stem(el) {
  // Keep the name readable (Chinese is fine) but free of characters file systems refuse.
  return (el.getAttribute("data-export") || "export").replace(/[\\/:*?"<>|\s]+/g, "-") || "export";
}

function field(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return isFinite(v) ? String(v) : "";
  let s = String(v);
  if (s.length > 0 && "=+-@".indexOf(s.charAt(0)) >= 0 && isNaN(Number(s))) s = "'" + s;
  return /[",\r\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s;
}

function csv(rows) {
  return "\uFEFF" + rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

function save(href, fileName, revoke) {
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  if (revoke) setTimeout(() => URL.revokeObjectURL(href), 1000);
}

function saveCsv(rows, fileName) {
  save(URL.createObjectURL(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" })), fileName, true);
}

function button(label, accessibleName, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "export-button";
  b.textContent = label;
  b.setAttribute("aria-label", accessibleName);
  b.addEventListener("click", onClick);
  return b;
}

function bar(kind) {
  const div = document.createElement("div");
  div.className = "export-buttons export-" + kind;
  return div;
}

function instanceOf(el) {
  return window.echarts && window.echarts.getInstanceByDom ? window.echarts.getInstanceByDom(el) : null;
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
  const datasets = option.dataset || [];
  if (datasets.length && datasets[0].source) {
    const source = datasets[0].source;
    if (Array.isArray(source) && source.length && !Array.isArray(source[0]) && typeof source[0] === "object") {
      const keys = Object.keys(source[0]);
      return [keys].concat(source.map((o) => keys.map((k) => o[k])));
    }
    return source;
  }
  const series = (option.series || []).filter((s) => Array.isArray(s.data));
  const xAxes = option.xAxis || [], yAxes = option.yAxis || [];
  const cartesian = series.length > 0 && series.every((s) => !s.coordinateSystem || s.coordinateSystem === "cartesian2d")
    && xAxes.length > 0 && series.every((s) => s.type === "line" || s.type === "bar" || s.type === "scatter" || s.type === "heatmap");
  const categoryX = cartesian && xAxes[0].type === "category" && Array.isArray(xAxes[0].data)
    && series.every((s) => s.data.every((d) => { const v = scalar(d); return v === null || !Array.isArray(v); }));
  if (categoryX) {
    const rows = [[axisTitle(xAxes[0], text.category)].concat(series.map((s, i) => s.name || text.series + (i + 1)))];
    xAxes[0].data.forEach((c, i) => {
      rows.push([typeof c === "object" && c !== null ? c.value : c].concat(series.map((s) => scalar(s.data[i]))));
    });
    return rows;
  }
  let width = 1;
  series.forEach((s) => {
    s.data.forEach((d) => { const v = scalar(d); if (Array.isArray(v)) width = Math.max(width, v.length); });
  });
  const header = [text.series, text.name];
  for (let k = 0; k < width; k++) {
    if (cartesian && k === 0) header.push(axisTitle(xAxes[0], text.x));
    else if (cartesian && k === 1) header.push(axisTitle(yAxes[0], text.y));
    else header.push(width > 1 ? text.value + (cartesian ? "" : k + 1) : text.value);
  }
  const out = [header];
  series.forEach((s, i) => {
    const xAxis = cartesian ? xAxes[s.xAxisIndex || 0] : null, yAxis = cartesian ? yAxes[s.yAxisIndex || 0] : null;
    s.data.forEach((d) => {
      const v = scalar(d);
      const values = Array.isArray(v) ? v.slice() : [v];
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
  if (!el.hasAttribute("data-export") || el.getAttribute("data-export-ready")) return;
  if (!instanceOf(el)) return;
  el.setAttribute("data-export-ready", "true");
  const name = stem(el);
  const div = bar("chart");
  div.appendChild(button(text.png, text.png + text.sep + name, () => {
    const c = instanceOf(el);
    if (c) save(c.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" }), name + ".png", false);
  }));
  div.appendChild(button(text.chartCsv, text.chartCsv + text.sep + name, () => {
    const c = instanceOf(el);
    if (c) saveCsv(chartRows(c.getOption()), name + ".csv");
  }));
  el.insertAdjacentElement("afterend", div);
}

function cellText(cell) {
  return (cell.textContent || "").replace(/\s+/g, " ").trim();
}

function decorateTable(table) {
  if (table.getAttribute("data-export-ready")) return;
  table.setAttribute("data-export-ready", "true");
  const name = stem(table);
  const div = bar("table");
  div.appendChild(button(text.tableCsv, text.tableCsv + text.sep + name, () => {
    const rows = Array.from(table.rows, (r) => Array.from(r.cells, cellText));
    saveCsv(rows, name + ".csv");
  }));
  const anchor = table.parentElement && table.parentElement.classList.contains("table-scroll") ? table.parentElement : table;
  anchor.insertAdjacentElement("afterend", div);
}

// Charts drawn by initChart get their buttons at once; a chart drawn by other code is found when it marks itself drawn
// (data-rendered), so look again whenever a chart container changes; the look is cheap and batched.
let pending = false;
function scan() {
  pending = false;
  document.querySelectorAll(".chart[data-export]").forEach(decorateChart);
  document.querySelectorAll("table[data-export]").forEach(decorateTable);
}

function later() {
  if (pending) return;
  pending = true;
  setTimeout(scan, 0);
}

function wireExports() {
  scan();
  if (!document.querySelector(".chart[data-export]")) return;
  new MutationObserver((records) => {
    if (records.some((r) => r.target.nodeType === 1 && r.target.matches(".chart[data-export]:not([data-export-ready])"))) later();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-rendered"] });
  window.addEventListener("load", later);
}

function start() {
  wireExports();
  drawCharts();
}

// A module runs after the document has been parsed; a page's inline test script may still be waiting for
// DOMContentLoaded, so exports look again on load (above).
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
