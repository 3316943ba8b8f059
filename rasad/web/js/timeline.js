// Stacked bars of event counts per day or week, one colour per event type, drawn as SVG.
import { clear, h } from "./dom.js";
import { t, typeLabel } from "./i18n.js";
import { sortTypes, typeColor } from "./colors.js";

const DAY = 86400000;

function parse(d) { return Date.parse(`${d}T00:00:00Z`); }
function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

/** The periods from the first to the last date, one step a day or a week. */
export function periods(series, period) {
  if (!series.length) return [];
  const dates = series.map((p) => parse(p.date)).filter(Number.isFinite);
  const step = period === "week" ? 7 * DAY : DAY;
  const lo = Math.min(...dates);
  const hi = Math.max(...dates);
  const out = [];
  for (let x = lo; x <= hi && out.length < 2000; x += step) out.push(iso(x));
  return out;
}

function niceMax(v) {
  if (v <= 5) return Math.max(1, v);
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return v;
}

/**
 * Draw into `el`. onPick(date, period) is called when a bar is clicked.
 */
export function drawTimeline(el, data, { onPick } = {}) {
  clear(el);
  const series = (data && data.series) || [];
  const period = (data && data.period) || "day";
  if (!series.length) {
    el.appendChild(h("p", { class: "empty", text: t("timeline_empty") }));
    return;
  }
  const cols = periods(series, period);
  const types = sortTypes(series.map((p) => p.event_type));
  const byKey = new Map(series.map((p) => [`${p.date}|${p.event_type}`, p.count]));
  const totals = cols.map((d) => types.reduce((s, ty) => s + (byKey.get(`${d}|${ty}`) || 0), 0));
  const ymax = niceMax(Math.max(...totals, 1));

  const W = Math.max(260, el.clientWidth || 400);
  const H = 190;
  const m = { l: 30, r: 8, t: 10, b: 34 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const bw = iw / cols.length;
  const gap = bw > 6 ? Math.min(3, bw * 0.2) : 0;
  const y = (v) => m.t + ih - (v / ymax) * ih;

  const svg = h("svg:svg", {
    class: "timeline-svg", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": t("timeline"),
  });
  // y grid and labels
  const ticks = ymax <= 5 ? Array.from({ length: ymax + 1 }, (_, i) => i) : [0, ymax / 2, ymax];
  for (const v of ticks) {
    svg.appendChild(h("svg:line", { class: "grid", x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
    svg.appendChild(h("svg:text", { class: "axis", x: m.l - 4, y: y(v) + 3, "text-anchor": "end" }, String(v)));
  }
  // bars
  cols.forEach((d, i) => {
    let acc = 0;
    const x = m.l + i * bw + gap / 2;
    const g = h("svg:g", { class: "col", "data-date": d });
    for (const ty of types) {
      const n = byKey.get(`${d}|${ty}`) || 0;
      if (!n) continue;
      const r = h("svg:rect", {
        class: "bar", x: x.toFixed(2), width: Math.max(1, bw - gap).toFixed(2),
        y: y(acc + n).toFixed(2), height: (y(acc) - y(acc + n)).toFixed(2),
        fill: typeColor(ty), "data-type": ty, "data-date": d, "data-count": n,
      }, h("svg:title", {}, `${d}${period === "week" ? ` (${t("period_week")})` : ""} — ${typeLabel(ty)}: ${n}`));
      if (onPick) r.addEventListener("click", () => onPick(d, period));
      g.appendChild(r);
      acc += n;
    }
    svg.appendChild(g);
  });
  // x labels: at most ~6, the first and last included
  const every = Math.max(1, Math.ceil(cols.length / Math.max(2, Math.floor(iw / 70))));
  const sameYear = cols[0].slice(0, 4) === cols[cols.length - 1].slice(0, 4);
  cols.forEach((d, i) => {
    if (i % every !== 0 && i !== cols.length - 1) return;
    if (i === cols.length - 1 && i % every !== 0 && (i % every) < every / 2) return;
    const cx = m.l + i * bw + bw / 2;
    svg.appendChild(h("svg:text", { class: "axis", x: cx, y: H - m.b + 14, "text-anchor": "middle" },
      sameYear ? d.slice(5) : d.slice(0, 7)));
  });
  if (sameYear) {
    svg.appendChild(h("svg:text", { class: "axis year", x: m.l, y: H - 4, "text-anchor": "start" }, cols[0].slice(0, 4)));
  }
  svg.appendChild(h("svg:line", { class: "baseline", x1: m.l, x2: W - m.r, y1: y(0), y2: y(0) }));
  el.appendChild(svg);
}
