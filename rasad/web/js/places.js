// Country and province names: the bundled region map gives countries in English and Arabic,
// /api/meta gives first-level units (ISO 3166-2) by name.
import { h } from "./dom.js";
import { getLang, t } from "./i18n.js";

let regionPromise = null;
let namesPromise = null;
const countries = new Map();
let namesAr = { countries: {}, admin1: {} };

/** Arabic names of countries and provinces (rasad/web/data/names_ar.json, from the gazetteer), loaded once. */
export function loadNames() {
  if (!namesPromise) {
    namesPromise = fetch("data/names_ar.json")
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null)
      .then((d) => { if (d) namesAr = { countries: d.countries || {}, admin1: d.admin1 || {} }; return namesAr; });
  }
  return namesPromise;
}

/** The bundled Natural Earth outline (rasad/web/data/region.geojson), loaded once. */
export function loadRegion() {
  if (!regionPromise) {
    regionPromise = fetch("data/region.geojson")
      .then((r) => (r.ok ? r.json() : { type: "FeatureCollection", features: [] }))
      .catch(() => ({ type: "FeatureCollection", features: [] }))
      .then((fc) => {
        for (const f of fc.features || []) {
          const p = f.properties || {};
          if (p.iso_a2 && !countries.has(p.iso_a2)) countries.set(p.iso_a2, { en: p.name, ar: p.name_ar || p.name });
        }
        return fc;
      });
  }
  return regionPromise;
}

export function countryName(code) {
  if (!code) return "";
  const c = countries.get(code);
  if (getLang() === "ar") return namesAr.countries[code] || (c && c.ar) || code;
  return c ? c.en : code;
}

export function admin1Name(code, meta) {
  if (!code) return "";
  if (getLang() === "ar" && namesAr.admin1[code]) return namesAr.admin1[code];
  return (meta && meta.admin1 && meta.admin1[code]) || code;
}

/** «Location, province, country», each part isolated; an Arabic comma in the Arabic interface. */
export function placeLine(ev, meta) {
  const parts = [ev.location, ev.admin1 ? admin1Name(ev.admin1, meta) : null, ev.country ? countryName(ev.country) : null]
    .filter(Boolean);
  if (!parts.length) return t("unknown");
  const sep = getLang() === "ar" ? "، " : ", ";
  const out = h("span", {});
  parts.forEach((p, i) => { if (i) out.append(sep); out.appendChild(h("bdi", {}, p)); });
  return out;
}
