// DOM building without innerHTML: every string becomes a text node, so article text,
// actor names and API errors can never be parsed as markup.

/**
 * h("a", {href: "#/", class: "x", dataset: {id: 1}, on: {click: fn}}, "text", childNode, [more])
 * Attributes named on* are refused: handlers go through `on`.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith("svg:");
  const el = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
                 : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "style") for (const [p, sv] of Object.entries(v)) el.style.setProperty(p, sv);
    else if (/^on/i.test(k)) throw new Error(`inline handler ${k} refused`);
    else if (k === "href" && !safeHref(v)) continue;
    else if (k in el && !svg && typeof v !== "string") el[k] = v;  // value, checked, disabled...
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Only http(s), same-page and relative links; never javascript: or data:. */
export function safeHref(v) {
  const s = String(v).trim();
  if (s.startsWith("#") || s.startsWith("/") || s.startsWith("?")) return true;
  try {
    const u = new URL(s, location.href);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch { return false; }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function $(sel, root = document) { return root.querySelector(sel); }
export function $$(sel, root = document) { return Array.from(root.querySelectorAll(sel)); }

export function debounce(fn, ms) {
  let t = null;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}
