// The front page: the school, the backup drive, the last good backup and what is due this week.

import { $, invoke, say, text, when, button } from "./common.js";

let last = null;

// The status as last shown: the backup button and the eSchool hint read it.
export const lastStatus = () => last;

const DUE_CLASS = { done: "tot", soon: "canh-bao", overdue: "loi", never: "loi" };

export async function refreshStatus() {
  try {
    const s = await invoke("status");
    $("ten-truong").textContent = s.demo ? say("demo-mode") : s.school;
    // The demo leads back into the setup.
    $("mo-thiet-lap").hidden = !s.demo;
    if (s.drives.length === 0 && s.demo) text($("o-sao-luu"), say("demo-drive-later"), "muted");
    else if (s.drives.length === 0) text($("o-sao-luu"), say("no-drive"), "canh-bao");
    else text($("o-sao-luu"), s.drives.map((d) => say("drive-free", { label: d.label, free: d.free_label })).join("; "), "tot");
    showUnregistered(s.unregistered);
    $("lan-cuoi").textContent = s.last_good
      ? say("last-good", { when: when(s.last_good.started_at), source: s.last_good.source_name })
      : say("never");
    const cls = s.due.state === "done" ? "tot" : s.due.state === "soon" ? "canh-bao" : "loi";
    text($("tuan-nay"), s.due_label, cls);
    $("sao-luu-ngay").disabled = s.running;
    last = s;
    showWeek(s);
    await showGlance(s.demo);
    $("ngoai-truong-nho").hidden = !s.offsite_label;
    $("ngoai-truong-nho").textContent = s.offsite_label || "";
    $("ngoai-truong-nho").classList.toggle("canh-bao", Boolean(s.offsite_behind));
    $("loi-gan-nhat").hidden = !s.failure;
    $("loi-gan-nhat").textContent = s.failure ? say("last-failed", { why: s.failure }) : "";
  } catch (e) {
    text($("o-sao-luu"), String(e), "loi");
  }
}

// The last twelve weeks, one row per duty and one square per week; each square says its week
// and what was done to a screen reader and on hover. The demo has no weeks of its own to show.
async function showGlance(demo) {
  $("muoi-hai-tuan").hidden = demo;
  if (demo) return;
  const g = await invoke("glance");
  const head = document.createElement("tr");
  head.appendChild(document.createElement("th"));
  for (const h of g.headings) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.appendChild(th);
  }
  $("bang-12-tuan").querySelector("thead").replaceChildren(head);
  $("bang-12-tuan").querySelector("tbody").replaceChildren(...g.rows.map((r) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = r.duty;
    tr.appendChild(th);
    for (const c of r.cells) {
      const td = document.createElement("td");
      const box = document.createElement("span");
      box.className = `o o-${c.mark}`;
      box.setAttribute("role", "img");
      box.setAttribute("aria-label", c.said);
      box.title = c.said;
      td.appendChild(box);
      tr.appendChild(td);
    }
    return tr;
  }));
}

// Each eSchool section's week and the admin-password reminder, under "Tuần này".
export function showWeek(s) {
  const list = $("eschool-tuan");
  list.replaceChildren();
  if (!s.demo) {
    for (const sec of s.eschool) {
      const li = document.createElement("li");
      li.dataset.phanHe = sec.section;
      li.textContent = `${sec.label}: ${sec.due_label}`;
      li.className = DUE_CLASS[sec.due.state] || "";
      list.appendChild(li);
    }
  }
  const pw = $("mat-khau-quan-tri-nho");
  pw.textContent = s.demo ? "" : s.admin_password_label;
  pw.className = "nho " + (s.admin_password.state === "ok" ? "muted" : "canh-bao");
  text($("mat-khau-quan-tri"), s.admin_password_label, s.admin_password.state === "ok" ? "tot" : "canh-bao");
  const drill = $("kiem-tra-khoi-phuc-nho");
  drill.textContent = s.demo ? "" : s.drill.label;
  drill.className = "nho " + (DUE_CLASS[s.drill.due.state] || "");
}

// A plugged-in drive that is not a backup drive: say so, and let the user make it one. The app
// never writes to it on its own.
function showUnregistered(drives) {
  const box = $("o-chua-dang-ky");
  box.replaceChildren();
  box.hidden = drives.length === 0;
  for (const d of drives) {
    const row = document.createElement("div");
    const info = document.createElement("span");
    info.className = "canh-bao";
    info.textContent = say("drive-unregistered", { label: d.label, size: d.total_label, fs: d.file_system });
    const use = button(say("use-this-drive"), "nut-phu", async () => {
      use.disabled = true;
      try {
        await invoke("register_drive", { root: d.root });
      } catch (e) {
        text(info, String(e), "loi");
      }
      await refreshStatus();
    });
    row.append(info, use);
    box.appendChild(row);
  }
}
