// The colour key of event types, shared by the map and the timeline.
import { h } from "./dom.js";
import { t, typeLabel } from "./i18n.js";
import { sortTypes, typeColor } from "./colors.js";

export function typeLegend(types) {
  return h("ul", { class: "type-legend" }, sortTypes(types).map((ty) =>
    h("li", {}, h("span", { class: "swatch", style: { "background-color": typeColor(ty) } }), typeLabel(ty))));
}

/** The key to how a marker is placed: a filled dot at the named place, a hollow dashed ring at
 *  the capital of the country or province when the report names no place (ACLED geo_precision 3). */
export function placeLegend(fc) {
  const feats = (fc && fc.features) || [];
  const areas = feats.filter((f) => f.properties && f.properties.placed === false).length;
  return h("ul", { class: "type-legend place-legend" },
    h("li", {}, h("span", { class: "place-key exact" }), t("placed_exact", { n: feats.length - areas })),
    h("li", {}, h("span", { class: "place-key area" }), t("placed_area", { n: areas })));
}
