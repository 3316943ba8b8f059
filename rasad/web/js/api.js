// The JSON API under /api, with the reviewer's session token from sessionStorage.

const TOKEN = "rasad.token";
const USER = "rasad.user";
const authListeners = [];

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function store() {
  try { return window.sessionStorage; } catch { return null; }
}

export function session() {
  const s = store();
  const token = s && s.getItem(TOKEN);
  return token ? { token, user: s.getItem(USER) || "" } : null;
}

function setSession(token, user) {
  const s = store();
  if (s) {
    if (token) { s.setItem(TOKEN, token); s.setItem(USER, user); }
    else { s.removeItem(TOKEN); s.removeItem(USER); }
  }
  for (const fn of authListeners) fn(session());
}

export function onAuthChange(fn) { authListeners.push(fn); }

/** FastAPI's «detail» (a string, or a list of {loc, msg}) as one readable sentence. */
export function errorText(status, body) {
  if (body && typeof body.message === "string" && body.message) return body.message;
  const d = body && body.detail !== undefined ? body.detail : body;
  if (typeof d === "string" && d) return d;
  if (Array.isArray(d)) {
    return d.map((e) => {
      const loc = Array.isArray(e.loc) ? e.loc.filter((p) => p !== "body" && p !== "query").join(".") : "";
      return (loc ? `${loc}: ` : "") + (e.msg || JSON.stringify(e));
    }).join("; ");
  }
  if (d && typeof d === "object") return JSON.stringify(d);
  return `HTTP ${status}`;
}

export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  const s = session();
  if (s) headers.Authorization = `Bearer ${s.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (exc) {
    throw new ApiError(0, `network error: ${exc.message}`);
  }
  const type = res.headers.get("content-type") || "";
  const data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    if (res.status === 401 && s) setSession(null);  // expired or revoked: forget it
    throw new ApiError(res.status, errorText(res.status, data));
  }
  return data;
}

/** URLSearchParams from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === "" || v === false) continue;
    q.set(k, v === true ? "true" : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const api = {
  meta: () => request("GET", "/api/meta"),
  events: (params) => request("GET", `/api/events${query(params)}`),
  event: (id) => request("GET", `/api/events/${encodeURIComponent(id)}`),
  geojson: (params) => request("GET", `/api/events.geojson${query(params)}`),
  timeline: (params) => request("GET", `/api/stats/timeline${query(params)}`),
  admin1: (params) => request("GET", `/api/stats/admin1${query(params)}`),
  review: (id, action, changes, comment) => request("POST", `/api/events/${encodeURIComponent(id)}/review`,
    { action, changes: changes || {}, ...(comment ? { comment } : {}) }),
  exportUrl: (format, params) => `/api/export${query({ ...params, format })}`,
  async login(user, password) {
    const r = await request("POST", "/api/login", { user, password });
    setSession(r.token, r.user || user);
    return r;
  },
  async logout() {
    try { await request("POST", "/api/logout"); } catch { /* the token is dropped anyway */ }
    setSession(null);
  },
  forget: () => setSession(null),
};
