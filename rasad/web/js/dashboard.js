// The dashboard: one set of filters (kept in the address, #/?country=IQ&...) drives the map,
// the timeline, the per-province counts and the event table.
import { api } from "./api.js";
import { $, clear, debounce, h } from "./dom.js";
import { onLangChange, stateLabel, t, typeLabel } from "./i18n.js";
import { sortTypes } from "./colors.js";
import { EventMap } from "./mapview.js";
import { drawTimeline } from "./timeline.js";
import { robustSpan } from "./span.js";
import { EventTable } from "./table.js";
import { placeLegend, typeLegend } from "./legend.js";
import { admin1Name, countryName, loadNames, loadRegion } from "./places.js";
import { notify } from "./notify.js";
import { rememberDashboard } from "./nav.js";

const FILTERS = ["since", "until", "country", "admin1", "event_type", "sub_event_type", "review_state", "q", "actor",
  "reviewed_only", "bbox"];
const DEFAULT_SORT = { sort: "event_date", order: "desc" };
const ASC_FIRST = new Set(["admin1", "event_type"]);

export class Dashboard {
  constructor(meta) {
    this.meta = meta;
    this.form = $("#filters");
    this.params = {};
    this.keys = { map: null, stats: null, table: null };
    this.seq = { map: 0, stats: 0, table: 0 };
    this.lastData = { timeline: null, geo: null, table: null, admin1: null };
  }

  async init() {
    await Promise.all([loadRegion(), loadNames()]);
    this.fillSelects();
    // on a phone the filters start folded (the map comes first), unless the address sets some
    if (window.matchMedia("(max-width: 600px)").matches && !/[?&](?!limit|offset|sort|order)\w+=/.test(location.hash)) {
      $("#filters-box").open = false;
    }
    this.map = new EventMap($("#map"), { onMove: (bbox) => this.mapMoved(bbox) });
    this.table = new EventTable($("#events-table"), { onSort: (key) => this.sortBy(key) });
    const apply = () => this.apply(this.readForm(), { resetPage: true });
    const applySoon = debounce(apply, 350);
    this.form.addEventListener("change", (ev) => {
      if (ev.target.name === "country") this.fillAdmin1(ev.target.value, "");
      if (ev.target.name === "event_type") this.fillSubtypes(ev.target.value, "");
      if (ev.target.type === "search") return;  // handled by input
      apply();
    });
    this.form.addEventListener("input", (ev) => { if (ev.target.type === "search") applySoon(); });
    this.form.addEventListener("submit", (ev) => { ev.preventDefault(); apply(); });
    this.form.addEventListener("reset", (ev) => {
      ev.preventDefault();
      const keep = { sort: this.params.sort, order: this.params.order, limit: this.params.limit };
      this.setForm(keep);
      this.defaultSpan(keep);
    });
    $("#tiles-toggle").addEventListener("change", (ev) => this.map.setTiles(ev.target.checked));
    $("#period").addEventListener("change", () => { this.keys.stats = null; this.load(); });
    $("#page-size").addEventListener("change", (ev) => this.apply({ ...this.params, limit: ev.target.value, offset: 0 }));
    $("#prev").addEventListener("click", () => this.page(-1));
    $("#next").addEventListener("click", () => this.page(1));
    window.addEventListener("resize", debounce(() => {
      if (this.lastData.timeline) this.drawTimeline(this.lastData.timeline);
    }, 200));
    onLangChange(() => {
      this.fillSelects();
      this.setForm(this.params);
      this.map.drawLabels();
      this.redraw();
    });
  }

  // -- filters form -----------------------------------------------------------------------
  fillSelects() {
    const m = this.meta;
    const opts = (sel, values, label) => {
      const el = $(sel);
      const keep = el.value;
      clear(el).appendChild(h("option", { value: "" }, t("any")));
      for (const v of values) el.appendChild(h("option", { value: v }, label(v)));
      el.value = keep;
    };
    opts("#f-country", [...(m.countries || [])].sort(), (c) => `${countryName(c)} (${c})`);
    opts("#f-type", sortTypes(Object.keys(m.event_types || {})), typeLabel);
    opts("#f-state", m.review_states || [], stateLabel);
    this.fillAdmin1($("#f-country").value, $("#f-admin1").value);
    this.fillSubtypes($("#f-type").value, $("#f-subtype").value);
  }

  fillAdmin1(country, value) {
    const el = clear($("#f-admin1"));
    el.appendChild(h("option", { value: "" }, t("any")));
    const all = Object.entries(this.meta.admin1 || {});
    const countries = country ? [country] : [...(this.meta.countries || [])].sort();
    for (const c of countries) {
      const units = all.filter(([code]) => code.startsWith(`${c}-`))
        .map(([code]) => [code, admin1Name(code, this.meta)]).sort((a, b) => a[1].localeCompare(b[1]));
      if (!units.length) continue;
      const group = country ? el : el.appendChild(h("optgroup", { label: countryName(c) }));
      for (const [code, name] of units) group.appendChild(h("option", { value: code }, `${name} (${code})`));
    }
    if (value && !all.some(([code]) => code === value)) el.appendChild(h("option", { value }, value));
    el.value = value || "";
  }

  fillSubtypes(type, value) {
    const el = clear($("#f-subtype"));
    el.appendChild(h("option", { value: "" }, t("any")));
    const et = this.meta.event_types || {};
    const types = type ? [type] : sortTypes(Object.keys(et));
    for (const ty of types) for (const s of et[ty] || []) el.appendChild(h("option", { value: s }, typeLabel(s)));
    el.value = value || "";
  }

  readForm() {
    const f = this.form.elements;
    const p = { ...this.params };
    for (const k of ["since", "until", "country", "admin1", "event_type", "sub_event_type", "review_state", "q", "actor"]) {
      const el = f.namedItem(k);
      p[k] = el ? el.value.trim() : "";
    }
    p.reviewed_only = f.namedItem("reviewed_only").checked;
    p.bbox = f.namedItem("bbox_on").checked ? this.map.bbox() : "";
    if (p.span === "auto" && (p.since !== this.params.since || p.until !== this.params.until)) delete p.span;
    if (p.admin1 && p.country && !p.admin1.startsWith(`${p.country}-`)) p.admin1 = "";
    return p;
  }

  setForm(p) {
    const f = this.form.elements;
    f.namedItem("since").value = p.since || "";
    f.namedItem("until").value = p.until || "";
    f.namedItem("country").value = p.country || "";
    this.fillAdmin1(p.country || "", p.admin1 || "");
    f.namedItem("event_type").value = p.event_type || "";
    this.fillSubtypes(p.event_type || "", p.sub_event_type || "");
    f.namedItem("review_state").value = p.review_state || "";
    if (document.activeElement !== f.namedItem("q")) f.namedItem("q").value = p.q || "";
    if (document.activeElement !== f.namedItem("actor")) f.namedItem("actor").value = p.actor || "";
    f.namedItem("reviewed_only").checked = !!p.reviewed_only;
    f.namedItem("bbox_on").checked = !!p.bbox;
    const size = $("#page-size");
    const limit = String(p.limit || 25);
    if (![...size.options].some((o) => o.value === limit)) size.appendChild(h("option", { value: limit }, limit));
    size.value = limit;
  }

  // -- state <-> address ----------------------------------------------------------------------
  /** Called by the router with the address's query. */
  show(search) {
    const p = {};
    for (const k of [...FILTERS, "sort", "order", "limit", "offset", "span"]) {
      const v = search.get(k);
      if (v !== null && v !== "") p[k] = v;
    }
    p.reviewed_only = p.reviewed_only === "true";
    this.params = p;
    this.setForm(p);
    setTimeout(() => this.map.invalidate(), 0);
    if (!p.since && !p.until && p.span !== "all") {
      this.defaultSpan(p);  // then loads
      return;
    }
    this.load();
  }

  /** With no dates given, show the span that holds most events (span=auto), not one that an
   *  outlier stretches; «show all dates» (span=all) lifts it. */
  async defaultSpan(p) {
    let next = p;
    try {
      const f = {};
      for (const k of FILTERS) if (p[k] && !["since", "until", "bbox"].includes(k)) f[k] = p[k];
      const tl = await api.timeline({ ...f, period: "day" });
      const span = robustSpan(tl.series);
      if (span && span.outside > 0) {
        this.outside = span.outside;
        next = { ...p, since: span.since, until: span.until, span: "auto" };
      }
    } catch (exc) { this.fail(exc); }
    this.setForm(next);
    this.apply(next, { resetPage: true });
  }

  /** «Showing the span that holds most events (n outside) — show all» under the timeline. */
  spanNote() {
    const el = $("#span-note");
    clear(el);
    if (this.params.span !== "auto" || !this.params.since) return;
    const all = h("button", { type: "button", class: "link", text: t("span_show_all") });
    all.addEventListener("click", () => {
      const { since, until, ...rest } = this.params;
      this.apply({ ...rest, span: "all" }, { resetPage: true });
    });
    const args = { since: this.params.since, until: this.params.until, n: this.outside };
    el.append(t(this.outside ? "span_auto" : "span_auto_short", args), " ", all);
  }

  apply(p, { resetPage = false } = {}) {
    const next = { ...p };
    if (resetPage) next.offset = 0;
    this.params = next;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === "" || v === null || v === undefined || v === false) continue;
      if ((k === "offset" && Number(v) === 0) || (k === "limit" && Number(v) === 25)) continue;
      q.set(k, v === true ? "true" : String(v));
    }
    const hash = q.toString() ? `#/?${q}` : "#/";
    if (location.hash !== hash) history.replaceState(null, "", hash);
    rememberDashboard(hash);
    this.load();
  }

  sortBy(key) {
    const cur = this.params.sort || DEFAULT_SORT.sort;
    const order = cur === key ? ((this.params.order || DEFAULT_SORT.order) === "asc" ? "desc" : "asc")
      : (ASC_FIRST.has(key) ? "asc" : "desc");
    this.apply({ ...this.params, sort: key, order, offset: 0 });
  }

  page(dir) {
    const limit = Number(this.params.limit || 25);
    const offset = Math.max(0, Number(this.params.offset || 0) + dir * limit);
    this.apply({ ...this.params, offset });
  }

  mapMoved(bbox) {
    if (!this.form.elements.namedItem("bbox_on").checked) return;
    if (this.params.bbox === bbox) return;
    this.apply({ ...this.params, bbox }, { resetPage: true });
  }

  filters({ bbox = true } = {}) {
    const out = {};
    for (const k of FILTERS) if (this.params[k]) out[k] = this.params[k];
    if (!bbox) delete out.bbox;
    return out;
  }

  // -- loading ---------------------------------------------------------------------------------
  load() {
    const mapKey = JSON.stringify(this.filters({ bbox: false }));
    const statsKey = JSON.stringify(this.filters()) + $("#period").value;
    const tableKey = JSON.stringify(this.params);
    if (mapKey !== this.keys.map) { this.keys.map = mapKey; this.loadMap(); }
    if (statsKey !== this.keys.stats) { this.keys.stats = statsKey; this.loadStats(); }
    if (tableKey !== this.keys.table) { this.keys.table = tableKey; this.loadTable(); }
    this.exportLinks();
    this.spanNote();
  }

  async loadMap() {
    const n = ++this.seq.map;
    const hasFilters = Object.keys(this.filters({ bbox: false })).length > 0;
    try {
      const fc = await api.geojson({ ...this.filters({ bbox: false }), limit: 10000 });
      if (n !== this.seq.map) return;
      await this.map.ready;
      this.lastData.geo = fc;
      // fit to the events the first time and whenever the filters change (not while panning)
      const fit = !this.params.bbox && (hasFilters || !this.fitOnce);
      this.fitOnce = true;
      const { shown } = this.map.setEvents(fc, { fit });
      this.shown = shown;
      this.mapNote();
      const types = (fc.features || []).map((f) => f.properties && f.properties.event_type).filter(Boolean);
      clear($("#map-legend")).append(typeLegend(types.length ? types : Object.keys(this.meta.event_types || {})),
        placeLegend(fc));
    } catch (exc) { this.fail(exc); }
  }

  async loadStats() {
    const n = ++this.seq.stats;
    const f = this.filters();
    const choice = $("#period").value;
    try {
      let [tl, ad] = await Promise.all([
        api.timeline({ ...f, period: choice === "week" ? "week" : "day" }),
        api.admin1(f),
      ]);
      if (choice === "auto" && tl.series.length) {
        const ds = tl.series.map((p) => Date.parse(p.date));
        if ((Math.max(...ds) - Math.min(...ds)) / 86400000 > 120) tl = await api.timeline({ ...f, period: "week" });
      }
      if (n !== this.seq.stats) return;
      this.lastData.timeline = tl;
      this.lastData.admin1 = ad;
      this.drawTimeline(tl);
      this.drawAdmin1(ad);
    } catch (exc) { this.fail(exc); }
  }

  async loadTable() {
    const n = ++this.seq.table;
    const p = this.params;
    const limit = Math.min(500, Number(p.limit || 25));
    const req = { ...this.filters(), sort: p.sort || DEFAULT_SORT.sort, order: p.order || DEFAULT_SORT.order,
      limit, offset: Number(p.offset || 0) };
    $("#events-table").setAttribute("aria-busy", "true");
    try {
      const page = await api.events(req);
      if (n !== this.seq.table) return;
      this.lastData.table = page;
      this.drawTable(page);
    } catch (exc) { this.fail(exc); } finally {
      if (n === this.seq.table) $("#events-table").removeAttribute("aria-busy");
    }
  }

  fail(exc) {
    notify(exc.message, "error");
  }

  // -- drawing ---------------------------------------------------------------------------------
  redraw() {
    if (this.lastData.timeline) this.drawTimeline(this.lastData.timeline);
    if (this.lastData.admin1) this.drawAdmin1(this.lastData.admin1);
    if (this.lastData.table) this.drawTable(this.lastData.table);
    if (this.lastData.geo) {
      this.map.setEvents(this.lastData.geo);
      const types = (this.lastData.geo.features || []).map((f) => f.properties && f.properties.event_type).filter(Boolean);
      clear($("#map-legend")).append(typeLegend(types), placeLegend(this.lastData.geo));
    }
  }

  drawTimeline(tl) {
    drawTimeline($("#timeline"), tl, {
      onPick: (d, period) => {
        const end = new Date(Date.parse(`${d}T00:00:00Z`) + (period === "week" ? 6 : 0) * 86400000);
        this.apply({ ...this.params, since: d, until: end.toISOString().slice(0, 10) }, { resetPage: true });
      },
    });
  }

  drawAdmin1(ad) {
    const tbody = clear($("#admin1-table").tBodies[0]);
    const items = (ad && ad.items) || [];
    if (!items.length) {
      tbody.appendChild(h("tr", {}, h("td", { colspan: 3, class: "empty", text: t("no_events") })));
      return;
    }
    for (const it of items.slice(0, 10)) {
      const name = it.admin1 ? admin1Name(it.admin1, this.meta) : (it.country ? countryName(it.country) : t("unknown"));
      const link = h("a", { href: "#/", text: name, title: it.admin1 || it.country || "" });
      link.addEventListener("click", (ev) => {
        ev.preventDefault();
        if (!it.country) return;
        this.apply({ ...this.params, country: it.country, admin1: it.admin1 || "" }, { resetPage: true });
      });
      tbody.appendChild(h("tr", {}, h("td", {}, link, it.admin1 ? null : h("span", { class: "muted" }, ` ${it.country || ""}`)),
        h("td", { class: "num" }, it.events), h("td", { class: "num" }, it.fatalities)));
    }
  }

  drawTable(page) {
    const p = this.params;
    this.table.drawHead(p.sort || DEFAULT_SORT.sort, p.order || DEFAULT_SORT.order);
    this.table.drawSortSelect($("#sort-select"), p.sort || DEFAULT_SORT.sort, p.order || DEFAULT_SORT.order,
      (sort, order) => this.apply({ ...this.params, sort, order, offset: 0 }));
    this.table.drawRows(page.items || [], this.meta);
    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + (page.items || []).length;
    $("#total").textContent = `(${page.total})`;
    this.mapNote();
    $("#page-info").textContent = t("page_of", { from, to, total: page.total });
    $("#prev").disabled = page.offset <= 0;
    $("#next").disabled = to >= page.total;
  }

  /** «n events have no coordinates»: the table's total (same filters, no bbox) less the markers. */
  mapNote() {
    const page = this.lastData.table;
    const same = page && !this.params.bbox && this.shown !== undefined;
    const missing = same ? page.total - this.shown : 0;
    $("#map-note").textContent = missing > 0 ? t("no_coords", { n: missing }) : "";
  }

  exportLinks() {
    const f = this.filters();
    $("#exp-csv").href = api.exportUrl("acled-csv", f);
    $("#exp-jsonl").href = api.exportUrl("jsonl", f);
    $("#exp-geojson").href = api.exportUrl("geojson", f);
  }
}
