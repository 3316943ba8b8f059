// Entry point: header (language, login), the hash router, and the three views.
import { api, onAuthChange, session } from "./api.js";
import { $ } from "./dom.js";
import { applyStatic, getLang, onLangChange, setLang, t } from "./i18n.js";
import { Dashboard } from "./dashboard.js";
import { openLogin, setupLogin, showWho } from "./auth.js";
import { showEvent } from "./eventview.js";
import { showQueue } from "./review.js";
import { notify } from "./notify.js";
import { rememberDashboard } from "./nav.js";

const state = { meta: null, dashboard: null, view: null };

function setupHeader() {
  $("#lang-btn").addEventListener("click", () => setLang(getLang() === "ar" ? "en" : "ar"));
  setupLogin();
}

function route() {
  const hash = location.hash || "#/";
  const views = { dashboard: $("#view-dashboard"), event: $("#view-event"), review: $("#view-review") };
  let name = "dashboard";
  let arg = null;
  const m = hash.match(/^#\/event\/([^?]+)/);
  if (m) { name = "event"; arg = decodeURIComponent(m[1]); }
  else if (hash.startsWith("#/review")) name = "review";
  for (const [k, el] of Object.entries(views)) el.hidden = k !== name;
  for (const a of document.querySelectorAll(".nav a")) a.classList.remove("active");
  if (name === "dashboard") $("#nav-dashboard").classList.add("active");
  if (name === "review") $("#nav-review").classList.add("active");
  state.view = name;
  if (name === "dashboard") {
    rememberDashboard(hash);
    const qs = hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "";
    state.dashboard.show(new URLSearchParams(qs));
  } else if (name === "event") {
    showEvent(views.event, arg, state.meta);
    window.scrollTo(0, 0);
  } else {
    showQueue(views.review, state.meta);
  }
}

async function boot() {
  applyStatic();
  setupHeader();
  onLangChange(() => { showWho(session()); route(); });
  onAuthChange((s) => {
    showWho(s);
    if (state.view && state.view !== "dashboard") route();
  });
  try {
    state.meta = await api.meta();
  } catch (exc) {
    if (exc.status === 401) {
      notify(t("login_needed"), "error");
      openLogin();
      onAuthChange((s) => { if (s && !state.meta) location.reload(); });
      return;
    }
    notify(`${t("error")}: ${exc.message}`, "error");
    state.meta = { event_types: {}, countries: [], admin1: {}, review_states: [], read_open: true };
  }
  state.dashboard = new Dashboard(state.meta);
  await state.dashboard.init();
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset.ready = "1";
}

boot();
