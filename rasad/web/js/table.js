// The event table: one page of /api/events, sortable by the columns the store can sort on.
import { clear, h } from "./dom.js";
import { stateLabel, t, typeLabel } from "./i18n.js";
import { typeColor } from "./colors.js";
import { admin1Name } from "./places.js";

const COLUMNS = [
  { key: "col_date", sort: "event_date", cell: (e) => h("a", { href: `#/event/${encodeURIComponent(e.id)}`, class: "ev-link", text: e.event_date || t("unknown") }) },
  { key: "col_type", sort: "event_type", cell: (e) => h("span", { class: "type-cell", title: typeLabel(e.event_type) },
      h("span", { class: "swatch", style: { "background-color": typeColor(e.event_type) } }),
      typeLabel(e.sub_event_type || e.event_type)) },
  { key: "col_location", cell: (e) => [
      e.location ? h("span", {}, e.location) : null,
      e.location_ar ? h("span", { class: "ar-inline", lang: "ar", dir: "rtl" }, e.location_ar) : null,
      !e.location && !e.location_ar ? t("unknown") : null] },
  { key: "col_admin1", sort: "admin1", cell: (e, meta) => e.admin1 ? h("span", { title: e.admin1 }, admin1Name(e.admin1, meta)) : t("unknown") },
  { key: "col_fatalities", sort: "fatalities", num: true, cell: (e) => e.fatalities ?? t("unknown") },
  { key: "col_sources", sort: "n_sources", num: true, opt: true, cell: (e) => e.n_sources ?? 1 },
  { key: "col_confidence", sort: "confidence", num: true, opt: true, cell: (e) => `${Math.round((e.confidence || 0) * 100)}%` },
  { key: "col_state", cell: (e) => h("span", { class: ["badge", `st-${e.review_state}`] }, stateLabel(e.review_state)) },
];

export class EventTable {
  constructor(table, { onSort }) {
    this.table = table;
    this.onSort = onSort;
  }

  /** The sort menu that stands in for the column headers on a phone. */
  drawSortSelect(select, sort, order, onPick) {
    clear(select);
    for (const c of COLUMNS.filter((x) => x.sort)) {
      for (const o of ["desc", "asc"]) {
        select.appendChild(h("option", { value: `${c.sort}:${o}` }, `${t(c.key)} (${t(`order_${o}`)})`));
      }
    }
    select.value = `${sort}:${order}`;
    select.onchange = () => { const [s, o] = select.value.split(":"); onPick(s, o); };
  }

  drawHead(sort, order) {
    const tr = clear(this.table.tHead.rows[0]);
    for (const c of COLUMNS) {
      const th = h("th", { scope: "col", class: c.num ? "num" : null });
      if (c.sort) {
        const active = sort === c.sort;
        th.setAttribute("aria-sort", active ? (order === "asc" ? "ascending" : "descending") : "none");
        const arrow = active ? (order === "asc" ? " ▲" : " ▼") : "";
        th.appendChild(h("button", {
          type: "button", class: "sort", dataset: { sort: c.sort },
          on: { click: () => this.onSort(c.sort) },
        }, t(c.key), h("span", { class: "arrow", "aria-hidden": "true" }, arrow)));
      } else {
        th.textContent = t(c.key);
      }
      tr.appendChild(th);
    }
  }

  drawRows(items, meta) {
    const tbody = clear(this.table.tBodies[0]);
    if (!items.length) {
      tbody.appendChild(h("tr", {}, h("td", { colspan: COLUMNS.length, class: "empty", text: t("no_events") })));
      return;
    }
    for (const e of items) {
      const tr = h("tr", { dataset: { id: e.id } });
      for (const c of COLUMNS) {
        tr.appendChild(h("td", { class: [c.num ? "num" : null, c.opt ? "opt" : null], "data-label": t(c.key) }, c.cell(e, meta)));
      }
      tr.addEventListener("click", (ev) => {
        if (ev.target.closest("a, button")) return;
        location.hash = `#/event/${encodeURIComponent(e.id)}`;
      });
      tbody.appendChild(tr);
    }
  }
}
