// lc::report the interactive map: its section, style and script. The script reads the JSON that
// map_data.cpp writes into <script type="application/json" id="map-data"> and draws it with the
// inlined Leaflet on one canvas (no tiles, nothing fetched). Every text from the data reaches the
// page through textContent (popups, tooltips, lists are built as DOM nodes); the one Leaflet call
// that takes HTML (the layer list's labels) gets escaped text. window.lcMap exposes the layers and
// their feature counts for tests (tests/report/check_html.py).
#include <string>

#include "report/leaflet_assets.hpp"
#include "report/map_data.hpp"
#include "report/report_parts.hpp"

namespace lc::report::detail {

namespace {

constexpr const char* kMapCss = R"css(
.lcmap{height:640px;border:1px solid var(--rule);background:#f4f3ee;margin:6px 0}
.lcmap-bar{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center;margin:6px 0;font-size:12.5px}
.lcmap-bar button,a.zoom-unit{font:inherit;font-size:12px;border:1px solid var(--rule);background:#fff;color:var(--accent);
 padding:1px 7px;border-radius:3px;cursor:pointer;text-decoration:none}
.lc-ctl{background:#fff;padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font-size:12px;max-width:260px}
.lc-ctl select{max-width:240px;font-size:12px}
.lc-ctl .sw{display:inline-block;width:10px;height:10px;margin-right:4px;border:1px solid rgba(0,0,0,.15)}
.lc-ctl ul{list-style:none;margin:4px 0 0;padding:0}
.lc-pop{font-size:12px;max-height:360px;overflow:auto}
.lc-pop h4{margin:0 0 4px;font-size:13px}
.lc-pop table{font-size:11.5px;margin:4px 0}
.lc-pop td{padding:1px 5px}
.lc-pop .miss{color:#b00020;font-weight:600}
.lc-pop .measure{border-top:1px solid var(--rule);padding:3px 0}
.leaflet-tooltip.lc-site{background:transparent;border:0;box-shadow:none;color:#fff;font-weight:700;font-size:10px;padding:0}
.leaflet-tooltip.lc-site:before{display:none}
.leaflet-container{font-family:inherit}
@media print{.lcmap-wrap{display:none}}
)css";

constexpr const char* kMapJs = R"js(
(function () {
  'use strict';
  var started = performance.now();
  var D = JSON.parse(document.getElementById('map-data').textContent);
  var Q = D.q, lang = 'both';
  var TIME = [['≤ 0.5 × ', '时限', 'threshold'], ['≤ ', '时限', 'threshold'], ['≤ 1.5 × ', '时限', 'threshold'],
              ['≤ 2 × ', '时限', 'threshold'], ['> 2 × ', '时限', 'threshold'], ['', '不可达', 'unreachable']];
  var GAP = [['< 50 ', '人', 'people'], ['50–199 ', '人', 'people'], ['200–999 ', '人', 'people'],
             ['1,000–4,999 ', '人', 'people'], ['≥ 5,000 ', '人', 'people']];
  var KIND = {community: ['小区', 'Compound'], cell: ['网格', 'Grid cell'], point: ['居住点', 'Home']};
  function tr(zh, en) { return lang === 'zh' ? zh : lang === 'en' ? en : zh + ' ' + en; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }
  function ll(x, y) { return [(D.o[1] + y) / Q, (D.o[0] + x) / Q]; }
  function ring(a) {
    var out = new Array(a.length / 2), x = D.o[0], y = D.o[1];
    for (var i = 0; i < a.length; i += 2) { x += a[i]; y += a[i + 1]; out[i / 2] = [y / Q, x / Q]; }
    return out;
  }
  function rings(g) { return g.map(ring); }
  function box(b) { return b ? L.latLngBounds(ll(b[0], b[1]), ll(b[2], b[3])) : null; }
  function people(n) { return n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'); }
  function catName(c) { var k = D.cats[c]; return lang === 'zh' ? k.zh : lang === 'en' ? k.en : k.zh + ' ' + k.en; }
  function thrMin(c) { var t = D.cats[c].thr; return t === null ? null : t / 60; }

  // Walking times: two characters per origin, tenths of a minute, 4095 = none reachable.
  var DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_', DEC = new Int16Array(128);
  for (var d = 0; d < 64; d++) DEC[DIGITS.charCodeAt(d)] = d;
  function minutes(c, i) {
    var s = D.times[c], v = DEC[s.charCodeAt(2 * i)] * 64 + DEC[s.charCodeAt(2 * i + 1)];
    return v === 4095 ? null : v / 10;
  }
  function timeClass(c, i) {
    var m = minutes(c, i), t = thrMin(c);
    if (m === null) return 5;
    if (t === null || !(t > 0)) return 0;
    var r = m / t;
    return r <= 0.5 ? 0 : r <= 1 ? 1 : r <= 1.5 ? 2 : r <= 2 ? 3 : 4;
  }
  function gapClass(p) { return p < 50 ? 0 : p < 200 ? 1 : p < 1000 ? 2 : p < 5000 ? 3 : 4; }

  var map = L.map('lcmap', {preferCanvas: true, zoomSnap: 0.25, zoomControl: true, attributionControl: false});
  var renderer = L.canvas({padding: 0.4});
  var full = box(D.bounds);
  map.fitBounds(full, {padding: [10, 10]});

  // Outlines of the districts (or whatever units the run was given).
  var units = L.featureGroup();
  var unitBounds = D.units.map(function (u) {
    if (u.g.length) {
      var p = L.polygon(rings(u.g), {renderer: renderer, fill: false, color: '#555', weight: 1.6, dashArray: '6 4', interactive: false});
      units.addLayer(p);
    }
    return box(u.b);
  });

  // Streets by class: one multi-line per class.
  var STREET = {arterial: ['#8c8c8c', 3], primary: ['#8c8c8c', 3], secondary: ['#9a9a9a', 2.5], tertiary: ['#a5a5a5', 2],
                trunk: ['#808080', 3.5], bridge: ['#6d6d6d', 3], local: ['#b4b4b4', 1.4], residential: ['#b4b4b4', 1.4],
                footpath: ['#b9a27a', 1], footway: ['#b9a27a', 1], path: ['#b9a27a', 1], pedestrian: ['#b9a27a', 1.4],
                compound_path: ['#cfc6b4', 0.8], service: ['#c8c8c8', 0.8]};
  var streets = D.streets.map(function (s) {
    var st = STREET[s.cls] || ['#bdbdbd', 1];
    var layer = L.polyline(s.g.map(ring), {renderer: renderer, color: st[0], weight: st[1], interactive: false,
                                           dashArray: /foot|path/.test(s.cls) ? '3 3' : null});
    return {cls: s.cls, layer: layer, count: s.g.length};
  });

  // Compounds or grid cells, coloured by the walking time of the chosen category.
  var O = D.origins, origins = L.featureGroup(), originLayers = [];
  if (O) {
    var kind = O.kind;
    for (var i = 0; i < O.id.length; i++) {
      var g = O.g[i], layer;
      if (g === null) { originLayers.push(null); continue; }
      if (typeof g[0] === 'number') {
        layer = L.circleMarker(ll(g[0], g[1]), {renderer: renderer, radius: 4, weight: 0.6, color: '#fff', fillOpacity: 0.9});
      } else {
        layer = L.polygon(rings(g), {renderer: renderer, stroke: kind !== 'cell', weight: 0.6, color: '#fff', opacity: 0.7, fillOpacity: 0.85});
      }
      layer.lcIndex = i;
      originLayers.push(layer);
      origins.addLayer(layer);
    }
  }

  // Gap areas of each category, by people affected; existing facilities of each category.
  var gapGroups = D.cats.map(function () { return L.featureGroup(); });
  D.gaps.forEach(function (gp) {
    var layer = L.polygon(rings(gp.g), {renderer: renderer, color: '#67000d', weight: 0.8, fillColor: D.gapColours[gapClass(gp.pop || 0)], fillOpacity: 0.75});
    layer.lcGap = gp;
    gapGroups[gp.c].addLayer(layer);
  });
  var facGroups = D.fac.of.map(function (list) {
    var g = L.featureGroup();
    list.forEach(function (f) {
      var m = L.circleMarker(ll(D.fac.p[2 * f], D.fac.p[2 * f + 1]), {renderer: renderer, radius: 3.5, color: '#fff', weight: 1, fillColor: '#1f3f8a', fillOpacity: 1});
      m.lcFacility = f;
      g.addLayer(m);
    });
    return g;
  });
  var gapsOverlay = L.layerGroup(), facOverlay = L.layerGroup();

  // Proposed sites, numbered as in the sites tables.
  var PALETTE = ['#1f5fa8', '#7b3294', '#008837', '#c51b7d', '#e66101', '#4d4d4d'];
  var sites = D.sites.map(function (s, k) {
    var g = L.featureGroup();
    s.rows.forEach(function (r) {
      var m = L.circleMarker(ll(r[1], r[2]), {renderer: renderer, radius: 8, color: '#fff', weight: 1.5, fillColor: PALETTE[k % PALETTE.length], fillOpacity: 1});
      m.bindTooltip(el('span', null, r[0]), {permanent: true, direction: 'center', className: 'lc-site', interactive: false});
      m.lcSite = {table: k, row: r};
      g.addLayer(m);
    });
    return {label: s.label, layer: g, count: s.rows.length};
  });

  var current = 0;
  for (var c0 = 0; c0 < D.cats.length; c0++) {
    if (D.gaps.some(function (gp) { return gp.c === c0; })) { current = c0; break; }
  }

  function restyle() {
    originLayers.forEach(function (layer, i) {
      if (layer) layer.setStyle({fillColor: D.timeColours[timeClass(current, i)]});
    });
    gapsOverlay.clearLayers();
    if (gapGroups[current]) gapsOverlay.addLayer(gapGroups[current]);
    facOverlay.clearLayers();
    if (facGroups[current]) facOverlay.addLayer(facGroups[current]);
    drawLegend();
  }

  // Popups, built from text nodes only.
  function row(table, a, b, cls) {
    var tr_ = add(table, el('tr'));
    add(tr_, el('td', null, a));
    add(tr_, el('td', cls || null, b));
  }
  function originPopup(i) {
    var box_ = el('div', 'lc-pop');
    add(box_, el('h4', null, tr(KIND[O.kind][0], KIND[O.kind][1]) + ' ' + O.id[i]));
    var unit = O.unitNames[O.unit[i]];
    if (unit) add(box_, el('div', null, tr('区', 'District') + ': ' + unit));
    add(box_, el('div', null, tr('人口', 'People') + ': ' + people(O.pop[i])));
    var t = add(box_, el('table')), missing = [];
    var head = add(t, el('tr'));
    [tr('类别', 'Category'), tr('最近设施 分钟', 'minutes to nearest'), tr('时限', 'threshold')].forEach(function (h) { add(head, el('th', null, h)); });
    for (var c = 0; c < D.cats.length; c++) {
      var m = minutes(c, i), th = thrMin(c), miss = m === null || (th !== null && m > th);
      if (miss) missing.push(catName(c));
      var r = add(t, el('tr'));
      add(r, el('td', miss ? 'miss' : null, catName(c)));
      add(r, el('td', 'num', m === null ? tr('不可达', 'none') : m.toFixed(1)));
      add(r, el('td', 'num', th === null ? '–' : th.toFixed(1)));
    }
    add(box_, el('div', 'miss', tr('缺少', 'Missing') + ' (' + missing.length + '): ' + (missing.length ? missing.join(', ') : '–')));
    return box_;
  }
  function gapPopup(gp) {
    var box_ = el('div', 'lc-pop');
    add(box_, el('h4', null, tr('缺口片区', 'Gap area') + ' #' + (gp.rank === null ? '–' : gp.rank) + ' · ' + catName(gp.c)));
    var t = add(box_, el('table'));
    row(t, tr('未覆盖人口', 'People uncovered'), people(gp.pop));
    row(t, tr('面积', 'Area'), gp.area === null ? '–' : (gp.area / 1e6).toFixed(2) + ' km²');
    row(t, tr('最远步行', 'Worst walk'), gp.worst === null ? tr('不可达', 'none reachable') : (gp.worst / 60).toFixed(1) + ' min');
    row(t, tr('不可达人口', 'Unreachable'), people(gp.unr));
    if (gp.unit) row(t, tr('区', 'District'), gp.unit);
    var ms = D.measures[gp.c] || [];
    add(box_, el('h4', null, tr('清单措施', 'Checklist measures') + ' (' + ms.length + ')'));
    if (!ms.length) add(box_, el('div', 'miss', tr('清单中没有针对该类设施的措施', 'No checklist measure acts on this category')));
    ms.forEach(function (m) {
      var d = add(box_, el('div', 'measure'));
      add(d, el('b', 'measure-id', m.id));
      add(d, document.createTextNode(' ' + m.text));
      add(d, el('div', null, tr('责任单位', 'Responsible') + ': ' + m.units));
      add(d, el('div', m.overdue ? 'miss' : null, tr('完成时限', 'Deadline') + ': ' + m.deadline + (m.overdue ? ' · ' + tr('已逾期', 'overdue') : '')));
      if (m.target) add(d, el('div', null, tr('目标', 'Target') + ': ' + m.target));
    });
    return box_;
  }
  function facilityPopup(f) {
    var box_ = el('div', 'lc-pop');
    add(box_, el('h4', null, tr('现有设施', 'Existing facility') + ' ' + D.fac.id[f]));
    var cats = [];
    D.fac.of.forEach(function (list, c) { if (list.indexOf(f) >= 0) cats.push(catName(c)); });
    add(box_, el('div', null, cats.join(', ')));
    return box_;
  }
  function sitePopup(s) {
    var box_ = el('div', 'lc-pop'), r = s.row;
    add(box_, el('h4', null, tr('建议选址', 'Proposed site') + ' ' + r[0] + ' · ' + D.sites[s.table].label));
    var t = add(box_, el('table'));
    row(t, tr('站点', 'Site'), r[3]);
    if (r[4]) row(t, tr('区', 'District'), r[4]);
    row(t, tr('新增覆盖', 'Newly covered'), people(r[5]));
    return box_;
  }
  function open(latlng, content) { L.popup({maxWidth: 440}).setLatLng(latlng).setContent(content).openOn(map); }
  origins.on('click', function (e) { open(e.latlng, originPopup(e.layer.lcIndex)); });
  // A gap lies over the compounds or cells it is made of: its popup shows the one clicked too.
  function originAt(latlng) {
    var p = map.latLngToLayerPoint(latlng);
    for (var i = 0; i < originLayers.length; i++) {
      var layer = originLayers[i];
      if (layer && layer.getBounds && layer.getBounds().contains(latlng) && layer._containsPoint(p)) return i;
    }
    return -1;
  }
  gapGroups.forEach(function (g) {
    g.on('click', function (e) {
      var content = gapPopup(e.layer.lcGap), i = map.hasLayer(origins) ? originAt(e.latlng) : -1;
      if (i >= 0) add(content, originPopup(i));
      open(e.latlng, content);
    });
  });
  facGroups.forEach(function (g) { g.on('click', function (e) { open(e.latlng, facilityPopup(e.layer.lcFacility)); }); });
  sites.forEach(function (s) { s.layer.on('click', function (e) { open(e.latlng, sitePopup(e.layer.lcSite)); }); });

  units.addTo(map);
  streets.forEach(function (s) { s.layer.addTo(map); });
  origins.addTo(map);
  gapsOverlay.addTo(map);
  facOverlay.addTo(map);
  sites.forEach(function (s) { s.layer.addTo(map); });

  // Controls: category and language, legend, layer list, districts.
  var panel = L.control({position: 'topright'}), legend = L.control({position: 'bottomright'}), layers = null;
  var catSelect, langSelect, legendBox;
  panel.onAdd = function () {
    var div = el('div', 'lc-ctl');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    add(div, el('div', 'lc-label-cat'));
    catSelect = add(div, el('select'));
    catSelect.id = 'lcmap-category';
    catSelect.addEventListener('change', function () { current = +catSelect.value; restyle(); });
    add(div, el('div', 'lc-label-lang'));
    langSelect = add(div, el('select'));
    langSelect.id = 'lcmap-lang';
    [['both', '中文 + English'], ['zh', '中文'], ['en', 'English']].forEach(function (o) {
      var opt = add(langSelect, el('option', null, o[1])); opt.value = o[0];
    });
    langSelect.addEventListener('change', function () { setLang(langSelect.value); });
    return div;
  };
  legend.onAdd = function () {
    legendBox = el('div', 'lc-ctl');
    L.DomEvent.disableClickPropagation(legendBox);
    return legendBox;
  };
  function drawLegend() {
    if (!legendBox) return;
    legendBox.textContent = '';
    var th = thrMin(current);
    add(legendBox, el('b', null, catName(current) + (th === null ? '' : ' · ' + tr('时限', 'threshold') + ' ' + th.toFixed(1) + ' min')));
    var ul = add(legendBox, el('ul'));
    TIME.forEach(function (t, k) {
      var li = add(ul, el('li'));
      add(li, el('span', 'sw')).style.background = D.timeColours[k];
      add(li, document.createTextNode(t[0] + tr(t[1], t[2])));
    });
    add(legendBox, el('b', null, tr('缺口片区', 'Gap areas')));
    ul = add(legendBox, el('ul'));
    GAP.forEach(function (t, k) {
      var li = add(ul, el('li'));
      add(li, el('span', 'sw')).style.background = D.gapColours[k];
      add(li, document.createTextNode(t[0] + tr(t[1], t[2])));
    });
  }
  function overlays() {
    var o = {};
    o[escapeHtml(tr('行政区界', 'District outlines'))] = units;
    streets.forEach(function (s) { o[escapeHtml(tr('街道', 'Streets') + ': ' + (s.cls || '–'))] = s.layer; });
    if (O) o[escapeHtml(tr(KIND[O.kind][0] + '(步行时间)', KIND[O.kind][1] + 's (walking time)'))] = origins;
    o[escapeHtml(tr('缺口片区', 'Gap areas'))] = gapsOverlay;
    o[escapeHtml(tr('现有设施', 'Existing facilities'))] = facOverlay;
    sites.forEach(function (s) { o[escapeHtml(tr('建议选址', 'Proposed sites') + ': ' + s.label)] = s.layer; });
    return o;
  }
  function setLang(l) {
    lang = l;
    map.closePopup();
    document.querySelector('.lc-label-cat').textContent = tr('类别', 'Category');
    document.querySelector('.lc-label-lang').textContent = tr('语言', 'Language');
    catSelect.textContent = '';
    D.cats.forEach(function (k, c) { var opt = add(catSelect, el('option', null, catName(c))); opt.value = String(c); });
    catSelect.value = String(current);
    if (layers) map.removeControl(layers);
    layers = L.control.layers(null, overlays(), {collapsed: false, position: 'topleft'}).addTo(map);
    drawLegend();
  }
  panel.addTo(map);
  legend.addTo(map);

  // Zoom to a district: the bar above the map and the links in the coverage tables.
  function zoomTo(u) {
    var b = u < 0 ? full : unitBounds[u];
    if (b) map.fitBounds(b, {padding: [10, 10]});
  }
  var bar = document.getElementById('lcmap-bar');
  if (bar) {
    var all = add(bar, el('button', null, '全市 City'));
    all.type = 'button';
    all.addEventListener('click', function () { zoomTo(-1); });
    D.units.forEach(function (u, k) {
      if (!unitBounds[k]) return;
      var b = add(bar, el('button', null, u.name));
      b.type = 'button';
      b.addEventListener('click', function () { zoomTo(k); });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('a.zoom-unit'), function (a) {
    a.addEventListener('click', function () { zoomTo(+a.getAttribute('data-unit')); });
  });

  setLang('both');
  restyle();

  function size(g) { return g.getLayers().length; }
  window.lcMap = {
    map: map, data: D,
    setCategory: function (c) { current = c; catSelect.value = String(c); restyle(); },
    setLang: function (l) { langSelect.value = l; setLang(l); },
    zoomTo: zoomTo,
    category: function () { return current; },
    counts: function () {
      return {units: size(units), streetClasses: streets.length,
              streets: streets.reduce(function (n, s) { return n + s.count; }, 0),
              origins: size(origins), gaps: size(gapGroups[current] || L.featureGroup()),
              gapsAll: gapGroups.reduce(function (n, g) { return n + size(g); }, 0),
              facilities: size(facGroups[current] || L.featureGroup()),
              sites: sites.reduce(function (n, s) { return n + size(s.layer); }, 0)};
    },
    originLayer: function (i) { return originLayers[i]; },
    gapLayers: function (c) { return gapGroups[c].getLayers(); },
    initMs: performance.now() - started,
    readyAt: performance.now()  // since navigation started
  };
})();
)js";

}  // namespace

MapParts map_parts(const Context& ctx) {
  const std::string json = map_data_json(ctx);
  if (json.empty()) return {};
  MapParts p;
  p.style = std::string(kLeafletCss) + kMapCss;
  p.section = section(
      "map", "交互地图 Interactive map",
      "<div class=\"lcmap-wrap\"><p>点击小区、网格或缺口片区查看到各类设施的步行分钟数、缺少的类别,以及缺口对应的清单措施、责任单位与完成时限;"
      "右上角切换类别与语言,左上角选择图层。Click a compound, cell or gap area for the minutes to the nearest facility "
      "of every category, the categories missing and, for gaps, the checklist measures with their responsible units "
      "and deadlines; switch category and language at the top right, layers at the top left. Drawn from the results "
      "alone: no map tiles, nothing is fetched.</p>\n<div class=\"lcmap-bar\" id=\"lcmap-bar\"><span>缩放至 Zoom to:</span></div>\n"
      "<div id=\"lcmap\" class=\"lcmap\" role=\"application\" aria-label=\"interactive map\"></div>\n"
      "<p class=\"small\">地图库 Map library: Leaflet " + std::string(kLeafletVersion) +
      " (BSD-2-Clause, © Vladimir Agafonkin, CloudMade), inlined from Debian libjs-leaflet.</p></div>\n");
  p.scripts = "<script type=\"application/json\" id=\"map-data\">" + json + "</script>\n<script>" + std::string(kLeafletJs) +
              "</script>\n<script>" + kMapJs + "</script>\n";
  return p;
}

}  // namespace lc::report::detail
