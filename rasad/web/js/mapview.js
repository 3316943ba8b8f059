// The event map: the bundled country outline as base layer (no internet needed), optional
// online tiles, and clustered markers coloured by event type. Leaflet and Leaflet.markercluster
// are vendored in /vendor and loaded as classic scripts (window.L).
import { h } from "./dom.js";
import { getLang, t, typeLabel } from "./i18n.js";
import { sortTypes, typeColor } from "./colors.js";
import { loadRegion } from "./places.js";
import { notify } from "./notify.js";

const REGION = [[12, -17], [42, 63]];  // south-west, north-east: the Middle East and North Africa
const TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

export class EventMap {
  constructor(el, { onMove } = {}) {
    const L = window.L;
    this.L = L;
    this.map = L.map(el, { minZoom: 2, maxZoom: 14, zoomSnap: 0.25, worldCopyJump: false });
    this.map.fitBounds(REGION);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Natural Earth");
    this.map.createPane("labels");  // country names: above the outlines, below the markers
    this.map.getPane("labels").style.zIndex = "450";
    this.map.getPane("labels").style.pointerEvents = "none";
    this.labels = L.layerGroup();
    this.base = null;
    this.tiles = null;
    this.clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      spiderfyOnMaxZoom: true,
      // no fade between zoom levels: a layer set while the map zooms (the fit below, a filter
      // answered from the server's cache) could leave a faded cluster behind its own markers
      animate: false,
      iconCreateFunction: (cluster) => clusterIcon(L, cluster),
    });
    this.map.addLayer(this.clusters);
    // events placed only by country or province: hollow dashed rings at the unit's capital, in
    // clusters of their own so that they never merge with exact places
    this.areas = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 30, spiderfyOnMaxZoom: true, animate: false,
      iconCreateFunction: (cluster) => clusterIcon(L, cluster, true),
    });
    this.map.addLayer(this.areas);
    this.map.on("zoomend", () => this.toggleLabels());
    if (onMove) this.map.on("moveend", () => onMove(this.bbox()));
    this.ready = this.drawBase();
  }

  async drawBase() {
    const L = this.L;
    const fc = await loadRegion();
    this.base = L.geoJSON(fc, {
      interactive: false,
      style: (f) => ({
        color: "#8a94a0", weight: 0.8, opacity: 1,
        fillColor: f.properties.focus ? "#f4f1e8" : "#e2e0da", fillOpacity: 1,
      }),
    });
    this.base.addTo(this.map);
    this.base.bringToBack();
    this.labelData = [];
    for (const f of fc.features || []) {
      if (!f.properties.focus) continue;
      const at = labelPoint(f.geometry);
      if (at) this.labelData.push({ at, p: f.properties });
    }
    this.drawLabels();
  }

  drawLabels() {
    const L = this.L;
    this.labels.clearLayers();
    for (const { at, p } of this.labelData || []) {
      const name = getLang() === "ar" ? (p.name_ar || p.name) : p.name;
      L.marker(at, {
        interactive: false, keyboard: false, pane: "labels",
        icon: L.divIcon({ className: "country-label", html: h("span", { text: name }), iconSize: null }),
      }).addTo(this.labels);
    }
    this.toggleLabels();
  }

  toggleLabels() {
    const show = this.map.getZoom() >= 3 && this.map.getZoom() < 8;
    if (show && !this.map.hasLayer(this.labels)) this.labels.addTo(this.map);
    if (!show && this.map.hasLayer(this.labels)) this.map.removeLayer(this.labels);
  }

  setTiles(on) {
    const L = this.L;
    if (on && !this.tiles) {
      this.tiles = L.tileLayer(TILE_URL, {
        maxZoom: 19, attribution: "© OpenStreetMap contributors",
      }).addTo(this.map);
      let told = false;
      this.tiles.on("tileerror", () => {
        if (told) return;
        told = true;
        notify(t("tiles_failed"), "error");
      });
      this.tiles.bringToBack();
      if (this.base) this.base.setStyle({ fillOpacity: 0, weight: 1 });
    } else if (!on && this.tiles) {
      this.map.removeLayer(this.tiles);
      this.tiles = null;
      if (this.base) this.base.setStyle({ fillOpacity: 1, weight: 0.8 });
    }
  }

  bbox() {
    const b = this.map.getBounds();
    const c = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(4);
    return [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)].join(",");
  }

  /** Show the map layer (GET /api/events.geojson: properties event_id, event_type, sub_event_type,
   *  event_date, location, fatalities — null when unknown); returns how many features had no point. */
  setEvents(fc, { fit = false } = {}) {
    const L = this.L;
    this.clusters.clearLayers();
    this.areas.clearLayers();
    const markers = [];
    const areas = [];
    let missing = 0;
    for (const f of (fc && fc.features) || []) {
      const g = f.geometry;
      if (!g || g.type !== "Point" || !Array.isArray(g.coordinates)) { missing += 1; continue; }
      const [lon, lat] = g.coordinates;
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) { missing += 1; continue; }
      const p = f.properties || {};
      const id = p.event_id || f.id;
      const area = p.placed === false;
      const dot = area
        ? h("span", { class: "dot area", style: { "border-color": typeColor(p.event_type) } })
        : h("span", { class: "dot", style: { "background-color": typeColor(p.event_type) } });
      const m = L.marker([lat, lon], {
        etype: p.event_type,
        title: `${typeLabel(p.sub_event_type || p.event_type)} · ${p.event_date || ""}${area ? ` · ${t("placed_area_short")}` : ""}`,
        alt: typeLabel(p.event_type),
        icon: L.divIcon({ className: "ev-marker", html: dot, iconSize: [16, 16], iconAnchor: [8, 8] }),
      });
      m.bindPopup(() => popup(p, id));
      (area ? areas : markers).push(m);
    }
    this.clusters.addLayers(markers);
    this.areas.addLayers(areas);
    const all = markers.concat(areas);
    if (fit && all.length) {
      const b = robustBounds(L, all.map((m) => m.getLatLng()));
      this.map.fitBounds(b.pad(0.3), { maxZoom: 7 });
    }
    return { shown: all.length, missing, areas: areas.length };
  }

  invalidate() { this.map.invalidateSize(); }
}

function popup(p, id) {
  return h("div", { class: "ev-popup", dir: getLang() === "ar" ? "rtl" : "ltr" },
    h("div", { class: "popup-type" },
      h("span", { class: "swatch", style: { "background-color": typeColor(p.event_type) } }),
      typeLabel(p.sub_event_type || p.event_type)),
    h("div", {}, h("bdi", {}, p.event_date || t("unknown"))),
    p.location ? h("div", {}, h("bdi", {}, p.location)) : null,
    p.placed === false ? h("div", { class: "muted" }, t("placed_area_popup")) : null,
    p.fatalities !== null && p.fatalities !== undefined ? h("div", {}, `${t("fatalities")}: ${p.fatalities}`) : null,
    id ? h("a", { href: `#/event/${encodeURIComponent(id)}`, text: t("open_event") }) : null);
}

/** A cluster: its count on a ring whose arcs show the share of each event type. */
function clusterIcon(L, cluster, area = false) {
  const counts = new Map();
  for (const m of cluster.getAllChildMarkers()) {
    const ty = m.options.etype || "";
    counts.set(ty, (counts.get(ty) || 0) + 1);
  }
  const n = cluster.getChildCount();
  let acc = 0;
  const stops = [];
  for (const ty of sortTypes([...counts.keys()])) {
    const a0 = (acc / n) * 360;
    acc += counts.get(ty);
    const a1 = (acc / n) * 360;
    stops.push(`${typeColor(ty)} ${a0.toFixed(1)}deg ${a1.toFixed(1)}deg`);
  }
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  const el = h("div", { class: area ? "ring area" : "ring", style: { background: `conic-gradient(${stops.join(", ")})` } },
    h("span", { text: String(n) }));
  return L.divIcon({ className: area ? "ev-cluster area" : "ev-cluster", html: el, iconSize: [size, size] });
}

/** A point inside the country's largest ring, for its label (the ring's bbox centre, nudged in). */
function labelPoint(geom) {
  if (!geom) return null;
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  let best = null;
  let bestArea = 0;
  for (const poly of polys) {
    const ring = poly[0];
    let a = 0;
    for (let i = 1; i < ring.length; i++) a += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
    a = Math.abs(a) / 2;
    if (a > bestArea) { bestArea = a; best = ring; }
  }
  if (!best || bestArea < 1.5) return null;  // no label for the smallest countries
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const [x, y] of best) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  return [(y0 + y1) / 2, (x0 + x1) / 2];
}

/** The bounds of most points: with many, the 3rd to 97th percentile of latitude and longitude,
 *  so that a few far-away events (a capital on another continent) do not zoom the region out. */
function robustBounds(L, pts) {
  if (pts.length < 30) return L.latLngBounds(pts);
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.max(0, Math.round(f * (xs.length - 1))))];
  const lats = pts.map((p) => p.lat).sort((a, b) => a - b);
  const lngs = pts.map((p) => p.lng).sort((a, b) => a - b);
  return L.latLngBounds([q(lats, 0.03), q(lngs, 0.03)], [q(lats, 0.97), q(lngs, 0.97)]);
}
