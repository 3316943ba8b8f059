// Messages at the top of the page: information fades, errors stay until closed.
import { $, h } from "./dom.js";
import { t } from "./i18n.js";

export function notify(text, kind = "info") {
  const box = $("#messages");
  const close = h("button", { type: "button", class: "msg-close", "aria-label": "×", text: "×" });
  const msg = h("div", { class: ["msg", `msg-${kind}`], role: kind === "error" ? "alert" : "status" },
    kind === "error" ? h("strong", { text: `${t("error")}: ` }) : null, h("span", { text }), close);
  close.addEventListener("click", () => msg.remove());
  box.appendChild(msg);
  if (kind !== "error") setTimeout(() => msg.remove(), 5000);
  return msg;
}
