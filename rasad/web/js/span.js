// The span of dates that holds most events, so one recalled old event (or a typo'd year) never
// stretches the timeline: the inter-quartile range of the event dates (weighted by counts),
// widened by three times itself and at least two weeks each side, clipped to the data.

const DAY = 86400000;

function parse(d) { return Date.parse(`${d}T00:00:00Z`); }
function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }

/** {since, until, inside, outside} for a timeline series ([{date, count}]), or null when empty. */
export function robustSpan(series) {
  const byDay = new Map();
  for (const p of series || []) {
    const x = parse(p.date);
    if (Number.isFinite(x)) byDay.set(x, (byDay.get(x) || 0) + (p.count || 0));
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const total = days.reduce((s, d) => s + byDay.get(d), 0);
  if (!total) return null;
  const quantile = (q) => {
    let acc = 0;
    for (const d of days) { acc += byDay.get(d); if (acc >= q * total) return d; }
    return days[days.length - 1];
  };
  const q1 = quantile(0.25);
  const q3 = quantile(0.75);
  const reach = Math.max(14 * DAY, 3 * (q3 - q1));
  const lo = Math.max(days[0], q1 - reach);
  const hi = Math.min(days[days.length - 1], q3 + reach);
  const inside = days.filter((d) => d >= lo && d <= hi).reduce((s, d) => s + byDay.get(d), 0);
  // the first and last day inside, so the axis starts and ends on events
  const first = days.find((d) => d >= lo);
  const last = [...days].reverse().find((d) => d <= hi);
  return { since: iso(first), until: iso(last), inside, outside: total - inside };
}
