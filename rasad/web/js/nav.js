// The dashboard address last shown (with its filters), for «back» links.
let last = "#/";
export function rememberDashboard(hash) { last = hash || "#/"; }
export function lastDashboard() { return last; }
