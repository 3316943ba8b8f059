// One colour per ACLED event type (map markers, clusters, timeline bars, table dots).

export const TYPE_ORDER = [
  "Battles",
  "Explosions/Remote violence",
  "Violence against civilians",
  "Protests",
  "Riots",
  "Strategic developments",
];

const COLORS = {
  "Battles": "#c92a2a",
  "Explosions/Remote violence": "#e8590c",
  "Violence against civilians": "#862e9c",
  "Protests": "#2b8a3e",
  "Riots": "#d6a400",
  "Strategic developments": "#1971c2",
};

export function typeColor(type) { return COLORS[type] || "#868e96"; }

/** Types in a stable order: ACLED's six first, then any other. */
export function sortTypes(types) {
  const rank = (x) => { const i = TYPE_ORDER.indexOf(x); return i < 0 ? 99 : i; };
  return [...new Set(types)].sort((a, b) => rank(a) - rank(b) || String(a).localeCompare(String(b)));
}
