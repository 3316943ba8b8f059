// Reviewing: the confirm / reject / edit panel (on the event page and in the queue) and the
// queue of pending events. Writes carry the session token; the API's errors are shown as sent.
import { api, session } from "./api.js";
import { clear, h } from "./dom.js";
import { stateLabel, t, typeLabel } from "./i18n.js";
import { sortTypes, typeColor } from "./colors.js";
import { openLogin } from "./auth.js";
import { admin1Name, placeLine } from "./places.js";
import { notify } from "./notify.js";

const EDIT_FIELDS = [
  ["event_type", "select"], ["sub_event_type", "select"], ["event_date", "date"], ["country", "text"],
  ["admin1", "select"], ["location", "text"], ["latitude", "number"], ["longitude", "number"],
  ["fatalities", "int"], ["injuries", "int"], ["actor1", "text"], ["actor2", "text"],
];
const LABEL = { event_date: "date", event_type: "event_type", sub_event_type: "sub_event_type" };

function field(name) { return t(LABEL[name] || name); }

/** A value from the form as the API takes it ("" → null). */
function formValue(kind, raw) {
  const s = String(raw ?? "").trim();
  if (s === "") return null;
  if (kind === "int") return /^\d+$/.test(s) ? Number(s) : s;  // a bad number goes to the API, which says why
  if (kind === "number") return Number.isFinite(Number(s)) ? Number(s) : s;
  return s;
}

function same(a, b) {
  if ((a === null || a === undefined || a === "") && (b === null || b === undefined || b === "")) return true;
  return String(a) === String(b);
}

/**
 * The review controls for one event. onDone(updatedEvent, action) runs after a successful POST.
 */
export function reviewPanel(ev, meta, { onDone, compact = false } = {}) {
  const box = h("div", { class: ["review-box", compact ? "compact" : null], dataset: { id: ev.id } });
  if (!session()) {
    box.appendChild(h("p", { class: "muted" }, t("login_needed"), " ",
      h("button", { type: "button", class: "btn btn-small login-inline", on: { click: () => openLogin() } }, t("login"))));
    return box;
  }
  const err = h("p", { class: "error review-error", role: "alert", hidden: true });
  const comment = compact
    ? h("input", { type: "text", class: "comment", name: "comment", dir: "auto", placeholder: t("comment"),
      "aria-label": t("comment"), maxlength: 2000 })
    : h("textarea", { class: "comment", name: "comment", rows: 2, dir: "auto", placeholder: t("comment"),
      "aria-label": t("comment"), maxlength: 2000 });
  const send = async (action, changes) => {
    err.hidden = true;
    for (const b of box.querySelectorAll("button")) b.disabled = true;
    try {
      const updated = await api.review(ev.id, action, changes, comment.value.trim() || null);
      notify(t(`review_done_${action}`));
      if (onDone) onDone(updated, action);
    } catch (exc) {
      if (exc.status === 401) notify(t("session_expired"), "error");  // the panel is redrawn for login
      err.textContent = exc.status === 401 ? t("session_expired")
        : `${t("error")}${exc.status ? ` ${exc.status}` : ""}: ${exc.message}`;
      err.hidden = false;
    } finally {
      for (const b of box.querySelectorAll("button")) b.disabled = false;
    }
  };
  const form = editForm(ev, meta, (changes) => {
    if (!Object.keys(changes).length) {
      err.textContent = t("nothing_changed");
      err.hidden = false;
      return;
    }
    send("edit", changes);
  });
  form.hidden = true;
  const buttons = h("div", { class: "review-actions" },
    h("button", { type: "button", class: "btn btn-ok act-confirm", on: { click: () => send("confirm") } }, t("confirm")),
    h("button", { type: "button", class: "btn btn-bad act-reject", on: { click: () => send("reject") } }, t("reject")),
    h("button", {
      type: "button", class: "btn act-edit", "aria-expanded": "false",
      on: {
        click: (e) => {
          form.hidden = !form.hidden;
          e.currentTarget.setAttribute("aria-expanded", String(!form.hidden));
          if (!form.hidden) form.querySelector("select, input").focus();
        },
      },
    }, t("edit")),
    ev.review_state && ev.review_state !== "pending"
      ? h("button", { type: "button", class: "btn act-reopen", on: { click: () => send("reopen") } }, t("reopen")) : null);
  box.append(buttons, comment, err, form);
  return box;
}

function editForm(ev, meta, onSubmit) {
  const inputs = {};
  const et = meta.event_types || {};
  const grid = h("div", { class: "edit-grid" });
  for (const [name, kind] of EDIT_FIELDS) {
    let input;
    if (name === "event_type") {
      input = h("select", { name }, sortTypes(Object.keys(et)).map((ty) => h("option", { value: ty }, typeLabel(ty))));
    } else if (name === "sub_event_type" || name === "admin1") {
      input = h("select", { name });
    } else if (kind === "date") {
      input = h("input", { type: "date", name });
    } else if (kind === "int") {
      input = h("input", { type: "number", name, min: 0, step: 1, inputmode: "numeric" });
    } else if (kind === "number") {
      input = h("input", { type: "number", name, step: "any" });
    } else {
      input = h("input", { type: "text", name, dir: "auto", maxlength: name === "country" ? 2 : 500 });
    }
    inputs[name] = input;
    grid.appendChild(h("label", { class: `ef-${name}` }, h("span", {}, field(name)), input));
  }
  const fillSubtypes = (type, value) => {
    const el = clear(inputs.sub_event_type);
    for (const s of et[type] || []) el.appendChild(h("option", { value: s }, typeLabel(s)));
    if (value && ![...el.options].some((o) => o.value === value)) el.appendChild(h("option", { value }, typeLabel(value)));
    el.value = value || (el.options[0] && el.options[0].value) || "";
  };
  const fillAdmin1 = (country, value) => {
    const el = clear(inputs.admin1);
    el.appendChild(h("option", { value: "" }, t("unknown")));
    const cc = String(country || "").toUpperCase();
    const units = Object.keys(meta.admin1 || {}).filter((code) => cc && code.startsWith(`${cc}-`))
      .map((code) => [code, admin1Name(code, meta)]).sort((a, b) => a[1].localeCompare(b[1]));
    for (const [code, name] of units) el.appendChild(h("option", { value: code }, `${name} (${code})`));
    if (value && !units.some(([code]) => code === value)) el.appendChild(h("option", { value }, admin1Name(value, meta)));
    el.value = value || "";
  };
  if (ev.event_type && ![...inputs.event_type.options].some((o) => o.value === ev.event_type)) {
    inputs.event_type.appendChild(h("option", { value: ev.event_type }, typeLabel(ev.event_type)));
  }
  inputs.event_type.value = ev.event_type || "";
  fillSubtypes(ev.event_type, ev.sub_event_type);
  fillAdmin1(ev.country, ev.admin1);
  for (const [name] of EDIT_FIELDS) {
    if (["event_type", "sub_event_type", "admin1"].includes(name)) continue;
    inputs[name].value = ev[name] ?? "";
  }
  inputs.event_type.addEventListener("change", () => fillSubtypes(inputs.event_type.value, ""));
  inputs.country.addEventListener("input", () => fillAdmin1(inputs.country.value, inputs.admin1.value));
  const form = h("form", { class: "edit-form", novalidate: true },
    h("h3", {}, t("edit_title")), grid,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn btn-primary act-save" }, t("save_edit"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const changes = {};
    for (const [name, kind] of EDIT_FIELDS) {
      let v = formValue(kind, inputs[name].value);
      if (name === "country" && typeof v === "string") v = v.toUpperCase();
      if (!same(v, ev[name])) changes[name] = v;
    }
    onSubmit(changes);
  });
  return form;
}

// -- the queue ------------------------------------------------------------------------------------

const PAGE = 20;
let shown = 0;

export async function showQueue(el, meta, offset = 0) {
  const n = ++shown;
  clear(el);
  const head = h("div", { class: "queue-head" }, h("h1", {}, t("queue_title")), h("span", { class: "count" }));
  const list = h("ol", { class: "queue" });
  el.appendChild(head);
  if (!session()) {
    el.appendChild(h("p", { class: "note" }, t("login_needed"), " ",
      h("button", { type: "button", class: "btn btn-small", on: { click: () => openLogin() } }, t("login"))));
  }
  el.appendChild(list);
  list.appendChild(h("li", { class: "muted" }, t("loading")));
  let page;
  try {
    page = await api.events({ review_state: "pending", sort: "event_date", order: "desc", limit: PAGE, offset });
  } catch (exc) {
    if (n === shown) clear(list).appendChild(h("li", { class: "error", role: "alert" }, `${t("error")}: ${exc.message}`));
    return;
  }
  if (n !== shown) return;
  clear(list);
  head.querySelector(".count").textContent = `(${page.total})`;
  if (!page.items.length) list.appendChild(h("li", { class: "empty" }, t("queue_empty")));
  for (const ev of page.items) {
    const card = h("li", { class: "queue-item", dataset: { id: ev.id } },
      h("div", { class: "qi-head" },
        h("span", { class: "swatch", style: { "background-color": typeColor(ev.event_type) } }),
        h("a", { href: `#/event/${encodeURIComponent(ev.id)}`, class: "qi-title" }, typeLabel(ev.sub_event_type || ev.event_type)),
        h("span", { class: "muted" }, " · ", h("bdi", {}, ev.event_date || t("unknown")), " · "),
        placeLine(ev, meta),
        ev.fatalities !== null && ev.fatalities !== undefined
          ? h("span", { class: "muted" }, ` · ${t("fatalities")}: `, h("bdi", {}, String(ev.fatalities))) : null,
        h("span", { class: ["badge", `st-${ev.review_state}`] }, stateLabel(ev.review_state))),
      ev.evidence ? h("p", { class: "qi-evidence", dir: "rtl", lang: "ar" }, ev.evidence) : null,
      reviewPanel(ev, meta, { compact: true, onDone: () => showQueue(el, meta, offset) }));
    list.appendChild(card);
  }
  if (page.total > PAGE) {
    const prev = h("button", { type: "button", class: "btn", disabled: offset <= 0,
      on: { click: () => showQueue(el, meta, Math.max(0, offset - PAGE)) } }, t("prev"));
    const next = h("button", { type: "button", class: "btn", disabled: offset + PAGE >= page.total,
      on: { click: () => showQueue(el, meta, offset + PAGE) } }, t("next"));
    el.appendChild(h("div", { class: "pager" }, prev,
      h("span", {}, t("page_of", { from: offset + 1, to: offset + page.items.length, total: page.total })), next));
  }
}
