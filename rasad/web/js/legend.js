// The colour key of event types, shared by the map and the timeline.
import { h } from "./dom.js";
import { typeLabel } from "./i18n.js";
import { sortTypes, typeColor } from "./colors.js";

export function typeLegend(types) {
  return h("ul", { class: "type-legend" }, sortTypes(types).map((ty) =>
    h("li", {}, h("span", { class: "swatch", style: { "background-color": typeColor(ty) } }), typeLabel(ty))));
}
