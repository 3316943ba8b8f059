// The login dialog and the «signed in as» corner of the header.
import { api, session } from "./api.js";
import { $ } from "./dom.js";
import { t } from "./i18n.js";

export function setupLogin() {
  $("#login-btn").addEventListener("click", () => openLogin());
  $("#logout-btn").addEventListener("click", async () => { await api.logout(); });
  $("#login-cancel").addEventListener("click", () => $("#login-dialog").close());
  $("#login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const err = $("#login-error");
    err.hidden = true;
    const user = $("#login-user").value.trim();
    const password = $("#login-password").value;
    $("#login-submit").disabled = true;
    try {
      await api.login(user, password);
      $("#login-password").value = "";
      $("#login-dialog").close();
    } catch (exc) {
      err.textContent = exc.status === 401 ? t("login_failed") : `${t("error")}: ${exc.message}`;
      err.hidden = false;
    } finally {
      $("#login-submit").disabled = false;
    }
  });
  showWho(session());
}

export function openLogin() {
  $("#login-error").hidden = true;
  const d = $("#login-dialog");
  if (!d.open) d.showModal();
  $("#login-user").focus();
}

export function showWho(s) {
  const who = $("#who");
  who.hidden = !s;
  who.textContent = s ? t("logged_in_as", { user: s.user }) : "";
  $("#login-btn").hidden = !!s;
  $("#logout-btn").hidden = !s;
}
