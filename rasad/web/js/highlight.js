// Article text with highlighted spans, built from text nodes only (never innerHTML).
// The store's offsets count Unicode code points (Python str); JavaScript strings count UTF-16
// units, so text is split with Array.from before slicing. Overlapping spans are allowed: each
// stretch of text gets the evidence underline if a sentence covers it and the colour of the
// shortest field span over it.
import { h } from "./dom.js";
import { t } from "./i18n.js";

/** Highlight categories, in legend order. */
export const CATEGORIES = ["trigger", "actor1", "actor2", "place", "date", "casualties", "weapon", "source"];

const FIELD_CATEGORY = {
  trigger: "trigger", sub_event_type: "trigger", event_type: "trigger",
  actor1: "actor1", actor2: "actor2",
  place: "place", location: "place", admin1: "place", admin2: "place", country: "place",
  event_date: "date", date: "date",
  fatalities: "casualties", injuries: "casualties",
  weapon: "weapon",
  attributed_source: "source", source: "source",
};

export function categoryOf(field) { return FIELD_CATEGORY[field] || null; }

/**
 * Where `span` lies in `text`, as code-point offsets, or null when the text there differs
 * (the span belongs to another report). Accepts code-point offsets and, failing those, UTF-16 ones.
 */
export function locate(text, cps, span) {
  if (!span || !Number.isInteger(span.start) || !Number.isInteger(span.end) || span.end <= span.start) return null;
  if (span.end <= cps.length && cps.slice(span.start, span.end).join("") === span.text) {
    return { start: span.start, end: span.end };
  }
  if (span.end <= text.length && text.slice(span.start, span.end) === span.text) {
    const start = Array.from(text.slice(0, span.start)).length;
    return { start, end: start + Array.from(span.text).length };
  }
  return null;
}

/**
 * Build the text of one report with its spans marked.
 * marks: [{start, end, cat, label}] in code points; cat "evidence" underlines the sentence.
 */
export function highlighted(text, marks) {
  const cps = Array.from(text);
  const cuts = new Set([0, cps.length]);
  for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
  const bounds = [...cuts].filter((x) => x >= 0 && x <= cps.length).sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = bounds[i];
    const b = bounds[i + 1];
    const piece = cps.slice(a, b).join("");
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) { out.appendChild(document.createTextNode(piece)); continue; }
    const inEvidence = over.some((m) => m.cat === "evidence");
    const fields = over.filter((m) => m.cat !== "evidence").sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const title = over.filter((m) => m.cat !== "evidence").map((m) => m.label).join(" · ");
    if (fields.length) {
      out.appendChild(h("mark", {
        class: ["hl", `hl-${fields[0].cat}`, inEvidence ? "in-ev" : null],
        dataset: { field: fields[0].cat },
        title: title || null,
      }, piece));
    } else {
      out.appendChild(h("span", { class: "ev" }, piece));
    }
  }
  return out;
}

export function legend(present) {
  return h("ul", { class: "hl-legend" },
    CATEGORIES.map((c) => h("li", { class: present && !present.has(c) ? "absent" : null },
      h("mark", { class: ["hl", `hl-${c}`] }, t(`hl_${c}`)))),
    h("li", {}, h("span", { class: "ev" }, t("hl_evidence"))));
}
