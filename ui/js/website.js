// Trang web: the directive's check of the school's site (footer items, re-posted articles) and
// the choice to continue with its certificate.

import { $, invoke, say, text, fail } from "./common.js";

async function checkSite() {
  const go = $("kiem-tra-trang-web");
  const out = $("ket-qua-kiem-tra");
  go.disabled = true;
  text(out, say("reading-site"));
  try {
    const c = await invoke("check_site");
    const body = $("bang-kiem-tra").querySelector("tbody");
    body.replaceChildren();
    for (const item of c.items) {
      const tr = document.createElement("tr");
      tr.dataset.muc = item.key;
      for (const v of [item.label, say(item.found ? "footer-found" : "footer-not-found"), item.text || ""]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      }
      tr.className = item.found ? "tot" : "loi";
      body.appendChild(tr);
    }
    $("bang-kiem-tra").hidden = false;
    const missing = c.items.filter((i) => !i.found).map((i) => i.label);
    if (missing.length === 0) text(out, say("footer-complete", { site: c.site }), "tot");
    else text(out, say("footer-missing", { items: missing.join(", ") }), "loi");
    const list = $("bai-can-xem-lai");
    list.replaceChildren();
    const lines = [say(c.reposts.length === 0 ? "no-reposts" : "reposts-to-review"), c.articles_note]
      .concat(c.reposts.map((r) => `${r.title} — ${r.reasons.join("; ")}`));
    for (const line of lines) {
      const p = document.createElement("p");
      p.textContent = line;
      list.appendChild(p);
    }
    $("can-cu").textContent = c.legal
      .map((l) => (l.replaced_by ? say("law-replaced", { code: l.code, by: l.replaced_by }) : say("law-in-force", { code: l.code })))
      .join(" ");
  } catch (e) {
    fail(out)(e);
  }
  go.disabled = false;
}

// The school's own site's certificate: shown, and accepted only by an explicit click on the
// fingerprint the engine showed; the engine checks it again against what the site presents.
async function lookCertificate() {
  const go = $("xem-chung-chi");
  const out = $("ket-qua-chung-chi");
  go.disabled = true;
  text(out, say("connecting-site"));
  $("chap-nhan-chung-chi").hidden = true;
  $("bo-chung-chi").hidden = true;
  $("loi-moi-chung-chi").hidden = true;
  try {
    const c = await invoke("site_certificate");
    text(out, c.summary, c.presented.valid ? "tot" : "loi");
    if (c.offer) {
      $("loi-moi-chung-chi").textContent = c.offer;
      $("loi-moi-chung-chi").hidden = false;
      const accept = $("chap-nhan-chung-chi");
      accept.dataset.fingerprint = c.presented.fingerprint;
      accept.hidden = false;
    }
    $("bo-chung-chi").hidden = !c.accepted;
  } catch (e) {
    fail(out)(e);
  }
  go.disabled = false;
}

async function acceptCertificate() {
  const out = $("ket-qua-chung-chi");
  try {
    const said = await invoke("accept_site_certificate", { fingerprint: $("chap-nhan-chung-chi").dataset.fingerprint });
    text(out, said, "tot");
    $("chap-nhan-chung-chi").hidden = true;
    $("loi-moi-chung-chi").hidden = true;
    $("bo-chung-chi").hidden = false;
  } catch (e) {
    fail(out)(e);
  }
}

async function forgetCertificate() {
  const out = $("ket-qua-chung-chi");
  try {
    text(out, await invoke("forget_site_certificate"), "tot");
    $("bo-chung-chi").hidden = true;
  } catch (e) {
    fail(out)(e);
  }
}

export function wire() {
  $("kiem-tra-trang-web").addEventListener("click", checkSite);
  $("xem-chung-chi").addEventListener("click", lookCertificate);
  $("chap-nhan-chung-chi").addEventListener("click", acceptCertificate);
  $("bo-chung-chi").addEventListener("click", forgetCertificate);
}
