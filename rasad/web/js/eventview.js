// One event: its fields, the review panel, every report's Arabic text (right-to-left) with the
// evidence and the field spans highlighted, the rule behind each field, and the review history.
import { api } from "./api.js";
import { clear, h } from "./dom.js";
import { stateLabel, t, typeLabel } from "./i18n.js";
import { typeColor } from "./colors.js";
import { categoryOf, highlighted, legend, locate } from "./highlight.js";
import { reviewPanel } from "./review.js";
import { admin1Name, countryName, placeLine } from "./places.js";
import { lastDashboard } from "./nav.js";

let current = 0;

export async function showEvent(el, id, meta) {
  const n = ++current;
  clear(el).appendChild(h("p", { class: "muted" }, t("loading")));
  let ev;
  try {
    ev = await api.event(id);
  } catch (exc) {
    if (n !== current) return;
    clear(el).append(backLink(), h("p", { class: "error", role: "alert" },
      exc.status === 404 ? t("not_found") : `${t("error")}: ${exc.message}`));
    return;
  }
  if (n !== current) return;
  render(el, ev, meta);
}

function backLink() {
  return h("a", { href: lastDashboard(), class: "back" }, t("back"));
}

function val(v) { return v === null || v === undefined || v === "" ? t("unknown") : v; }

/** «2025-03-18T08:30:00+03:00» as «2025-03-18 08:30 +03:00»; a plain date as it is. */
function when(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(String(iso || ""));
  if (!m) return String(iso || "");
  const zone = !m[3] ? "" : (m[3] === "Z" || m[3] === "+00:00" ? " UTC" : ` ${m[3]}`);
  return `${m[1]} ${m[2]}${zone}`;
}

/** Left-to-right text (dates, numbers, coordinates) that keeps its order inside Arabic. */
function ltr(s) { return h("bdi", { dir: "ltr" }, s); }

/** Pieces separated by « · », each isolated so that dates and Latin names keep their order in Arabic. */
function joined(parts) {
  const out = [];
  parts.filter((p) => p !== null && p !== undefined && p !== "").forEach((p, i) => {
    if (i) out.push(" · ");
    out.push(p instanceof Node ? p : h("bdi", {}, String(p)));
  });
  return out;
}

function render(el, ev, meta) {
  clear(el);
  const place = placeLine(ev, meta);
  const head = h("header", { class: "ev-head" },
    h("span", { class: "swatch big", style: { "background-color": typeColor(ev.event_type) } }),
    h("div", {},
      h("h1", {}, typeLabel(ev.sub_event_type)),
      h("p", { class: "muted" }, joined([typeLabel(ev.event_type), val(ev.event_date), place]))),
    h("span", { class: ["badge", `st-${ev.review_state}`, "ev-state"] }, stateLabel(ev.review_state)));

  const refresh = () => showEvent(el, ev.id, meta);
  const review = h("section", { class: "panel review-panel", "aria-labelledby": "rv-h" },
    h("h2", { id: "rv-h" }, t("review")), reviewPanel(ev, meta, { onDone: refresh }));

  el.append(backLink(), head,
    h("div", { class: "ev-grid" }, fieldsPanel(ev, meta), review),
    evidencePanel(ev),
    provenancePanel(ev),
    historyPanel(ev));
}

function fieldsPanel(ev, meta) {
  const rows = [
    ["date", ev.event_date ? h("span", {}, ltr(ev.event_date),
      ev.time_precision ? ` (${t("time_precision")}: ${t(`precision_${ev.time_precision}`)})` : "") : null, "event_date"],
    ["event_type", typeLabel(ev.event_type), "event_type"],
    ["sub_event_type", typeLabel(ev.sub_event_type), "sub_event_type"],
    ["country", ev.country ? `${countryName(ev.country)} (${ev.country})` : null, "country"],
    ["admin1", ev.admin1 ? `${admin1Name(ev.admin1, meta)} (${ev.admin1})` : null, "admin1"],
    ["admin2", ev.admin2, "admin2"],
    ["location", ev.location, "location"],
    ["location_ar", ev.location_ar, "location_ar", true],
    ["coordinates", Number.isFinite(ev.latitude) && Number.isFinite(ev.longitude)
      ? h("span", {}, ltr(`${ev.latitude.toFixed(4)}, ${ev.longitude.toFixed(4)}`),
        ev.geo_precision ? ` (${t("geo_precision")} ${ev.geo_precision})` : "") : null, "coordinates"],
    ["actor1", ev.actor1, "actor1", true],
    ["actor2", ev.actor2, "actor2", true],
    ["weapon", ev.weapon, "weapon"],
    ["fatalities", ev.fatalities, "fatalities"],
    ["injuries", ev.injuries, "injuries"],
    ["attributed_source", ev.attributed_source, "attributed_source", true],
    ["confidence", `${Math.round((ev.confidence || 0) * 100)}%`, "confidence"],
    ["n_sources", ev.n_sources ?? (ev.sources || []).length, "n_sources"],
    ["review_state", stateLabel(ev.review_state), "review_state"],
    ["reviewed_by", ev.reviewed_by ? h("span", {}, joined([ev.reviewed_by, ev.reviewed_at ? ltr(when(ev.reviewed_at)) : null])) : null,
      "reviewed_by"],
    ["event_id", ev.id, "id"],
  ];
  const edited = new Set(Object.keys(ev.overrides || {}));
  const dl = h("dl", { class: "fields" });
  for (const [key, value, name] of rows) {
    dl.append(h("dt", {}, t(key)),
      h("dd", { class: [`f-${name}`, edited.has(name) ? "edited" : null] },
        value instanceof Node ? value : h("bdi", {}, val(value))));
  }
  return h("section", { class: "panel fields-panel" }, h("h2", {}, t("fields")), dl);
}

function evidencePanel(ev) {
  const sources = ev.sources && ev.sources.length ? ev.sources : [{
    outlet: ev.outlet, url: ev.url, published: ev.published, evidence: ev.evidence || [], article_text: null,
  }];
  const fieldSpans = [];
  const label = (f) => t(`hl_${categoryOf(f)}`) + (f === "sub_event_type" || f === "trigger" ? "" : ` (${f})`);
  if (ev.trigger) fieldSpans.push({ span: ev.trigger, cat: "trigger", label: t("hl_trigger") });
  for (const p of ev.provenance || []) {
    const cat = categoryOf(p.field);
    if (!cat || !p.span) continue;
    fieldSpans.push({ span: p.span, cat, label: `${label(p.field)}: ${p.value ?? ""} [${p.rule}]` });
  }
  const present = new Set();
  const cards = sources.map((s, i) => {
    const text = s.article_text;
    const body = h("div", { class: "article", dir: "rtl", lang: "ar" });
    let own = false;
    if (text) {
      const cps = Array.from(text);
      const marks = [];
      for (const sp of s.evidence || []) {
        const at = locate(text, cps, sp);
        if (at) marks.push({ ...at, cat: "evidence", label: t("hl_evidence") });
      }
      for (const f of fieldSpans) {
        const at = locate(text, cps, f.span);
        if (at) { marks.push({ ...at, cat: f.cat, label: f.label }); present.add(f.cat); own = true; }
      }
      body.appendChild(highlighted(text, marks));
    } else if ((s.evidence || []).length) {
      for (const sp of s.evidence) body.appendChild(h("p", {}, h("span", { class: "ev" }, sp.text)));
    } else {
      body.appendChild(h("p", { class: "muted", dir: "auto" }, t("no_text")));
    }
    const labelled = (key, v) => (v === null || v === undefined || v === "" ? null
      : h("span", {}, `${t(key)}: `, h("bdi", {}, String(v))));
    const meta = [labelled("published", s.published && when(s.published)), labelled("location", s.location),
      labelled("fatalities", s.fatalities), labelled("injuries", s.injuries)];
    return h("article", { class: "source", dataset: { article: s.article_id || "" } },
      h("header", { class: "source-head" },
        h("h3", {}, `${i + 1}. `, h("bdi", {}, s.outlet || s.article_id || t("unknown"))),
        h("span", { class: "muted" }, joined(meta)),
        s.url ? h("a", { href: s.url, target: "_blank", rel: "noopener noreferrer nofollow", class: "src-link" }, t("open_source")) : null),
      own ? h("p", { class: "note" }, t("from_this_report")) : null,
      body);
  });
  return h("section", { class: "panel evidence-panel" },
    h("h2", {}, t("evidence")),
    h("div", { class: "legend-row" }, h("span", { class: "muted" }, `${t("legend")}: `), legend(present)),
    h("p", { class: "note" }, t("hl_note")),
    cards);
}

function provenancePanel(ev) {
  const rows = (ev.provenance || []).map((p) => h("tr", {},
    h("td", {}, p.field),
    h("td", { dir: "auto" }, p.value === null || p.value === undefined ? t("unknown") : String(p.value)),
    h("td", { class: "rule" }, p.rule || ""),
    h("td", { dir: "rtl", lang: "ar" }, p.span ? p.span.text : "")));
  return h("section", { class: "panel" },
    h("details", { class: "prov" },
      h("summary", {}, h("h2", { class: "inline-h" }, t("provenance"))),
      h("div", { class: "table-wrap" }, h("table", { class: "mini-table prov-table" },
        h("thead", {}, h("tr", {}, h("th", {}, t("prov_field")), h("th", {}, t("prov_value")), h("th", {}, t("prov_rule")),
          h("th", {}, t("prov_span")))),
        h("tbody", {}, rows)))));
}

function historyPanel(ev) {
  const items = (ev.reviews || []).map((r) => h("li", { class: "hist-item" },
    h("bdi", { class: "muted", dir: "ltr" }, when(r.at)), " · ", h("strong", {}, h("bdi", {}, r.user)), " · ",
    h("span", { class: ["badge", `act-${r.action}`] }, t(r.action)),
    Object.keys(r.changes || {}).length ? h("ul", { class: "changes" }, Object.entries(r.changes).map(([k, v]) =>
      h("li", {}, h("code", {}, k), ": ", Array.isArray(v)
        ? h("bdi", { dir: "ltr" }, h("bdi", {}, String(val(v[0]))), " → ", h("bdi", {}, String(val(v[1]))))
        : h("bdi", {}, String(v))))) : null,
    r.comment ? h("p", { class: "comment-text", dir: "auto" }, r.comment) : null));
  return h("section", { class: "panel history-panel" }, h("h2", {}, t("history")),
    items.length ? h("ol", { class: "history" }, items) : h("p", { class: "muted" }, t("no_history")));
}
