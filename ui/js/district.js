// Phòng Giáo dục: the office's store and read key, every school's state (sortable, by level),
// one school's weeks on a click, and the report for the Sở. The engine judges; this only shows.

import { $, invoke, say, text, fail, button } from "./common.js";

let shown = []; // the rows as the engine sent them, worst first
let sortBy = { column: "state", down: true };
let chosenList = null; // a list file chosen in the file chooser, used once when saving
let page = 0;
// A province's office sees 1,500 schools: a page at a time keeps the window quick.
const PAGE = 100;
// Typed with or without diacritics: "hoa sen" finds "Trường Mầm non Hoa Sen".
const folded = (t) => t.normalize("NFD").replace(/\p{M}/gu, "").replace(/[\u0111\u0110]/g, "d").toLowerCase();
const MARK = {
  done: (week) => say("mark-done", { week }),
  late: (week) => say("mark-late", { week }),
  missed: (week) => say("mark-missed", { week }),
  not_due: (week) => say("mark-not-due", { week }),
};

export async function loadDistrict() {
  const levels = $("pg-cap-hoc");
  if (levels.options.length === 1) {
    for (const [key, label] of await invoke("school_levels")) levels.add(new Option(label, key));
  }
  const d = await invoke("district_settings").catch(() => null);
  if (d) {
    $("pg-dia-chi").value = d.url;
    $("pg-ma-khoa").value = d.key_id;
    $("pg-truong").value = d.codes;
    text($("pg-cai-dat"), say("district-set", { n: d.schools }));
  } else {
    text($("pg-cai-dat"), say("district-not-set"));
  }
  if (!$("pg-den").value || !$("pg-tu").value) {
    const [from, to] = await invoke("default_report_period");
    $("pg-tu").value ||= from;
    $("pg-den").value ||= to;
  }
}

async function save() {
  const out = $("pg-cai-dat");
  try {
    const n = await invoke("set_district", {
      url: $("pg-dia-chi").value.trim(), keyId: $("pg-ma-khoa").value, secret: $("pg-khoa-bi-mat").value,
      codes: $("pg-truong").value, list: chosenList,
    });
    $("pg-khoa-bi-mat").value = "";
    chosenList = null;
    await loadDistrict();
    text(out, say("district-saved", { n }), "tot");
  } catch (e) {
    fail(out)(e);
  }
}

const level = () => $("pg-cap-hoc").value || null;

async function show() {
  const out = $("pg-tong");
  text(out, say("district-reading"));
  try {
    const r = await invoke("district_overview", { level: level() });
    shown = r.overview.rows.map((row, i) => ({ ...row, rank: i }));
    page = 0;
    text(out, r.counts, r.overview.rows.every((x) => x.state.state === "dat" || x.state.state === "sap_den_han") ? "tot" : "canh-bao");
    render();
  } catch (e) {
    fail(out)(e);
  }
}

function render() {
  // The state column's order is the engine's, worst first ("down"); the others are by text.
  const key = { code: (r) => r.code, name: (r) => r.name, level: (r) => r.level || "" }[sortBy.column];
  const rows = [...shown].sort((a, b) => {
    if (sortBy.column === "state") return sortBy.down ? a.rank - b.rank : b.rank - a.rank;
    const c = key(a).localeCompare(key(b), "vi", { numeric: true });
    return sortBy.down ? -c : c;
  });
  for (const th of $("pg-bang").querySelectorAll("th[data-cot]")) {
    if (th.dataset.cot === sortBy.column) th.setAttribute("aria-sort", sortBy.down ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  }
  const wanted = folded($("pg-tim").value.trim());
  const found = wanted ? rows.filter((r) => folded(`${r.code} ${r.name}`).includes(wanted)) : rows;
  const pages = Math.max(1, Math.ceil(found.length / PAGE));
  page = Math.min(page, pages - 1);
  const from = page * PAGE;
  const onPage = found.slice(from, from + PAGE);
  $("pg-trang").hidden = shown.length <= PAGE && !wanted;
  $("pg-so-trang").textContent = found.length
    ? say("district-page", { from: from + 1, to: from + onPage.length, n: found.length })
    : say("district-none-found");
  $("pg-truoc").disabled = page === 0;
  $("pg-sau").disabled = page >= pages - 1;
  $("pg-bang").querySelector("tbody").replaceChildren(...onPage.map((r) => {
    const tr = document.createElement("tr");
    tr.dataset.code = r.code;
    const cells = [r.code, r.name, r.level ? $("pg-cap-hoc").querySelector(`option[value="${r.level}"]`)?.textContent || "" : "", r.label,
      r.duties.filter((d) => !["dat", "sap_den_han"].includes(d.state.state)).map((d) => d.label).join("\n")];
    cells.forEach((v, i) => {
      const td = document.createElement("td");
      td.textContent = v;
      if (i === 3) td.className = ["dat", "sap_den_han"].includes(r.state.state) ? "tot" : "loi";
      if (i === 4) td.className = "viec";
      tr.appendChild(td);
    });
    const td = document.createElement("td");
    td.appendChild(button(say("district-history-of", { code: r.code }), "nut-phu pg-xem-lich-su", () => history(r.code, r.name)));
    tr.appendChild(td);
    return tr;
  }));
  $("pg-bang").hidden = false;
}

function sortOn(column) {
  sortBy = { column, down: sortBy.column === column ? !sortBy.down : column === "state" };
  page = 0;
  render();
}

function turn(by) {
  page += by;
  render();
}

// One school's weeks from its newest document: a row per duty, a square per week.
async function history(code, name) {
  const box = $("pg-lich-su");
  try {
    const doc = await invoke("district_history", { code });
    $("pg-lich-su-ten").textContent = say("district-history", { name, code });
    const head = document.createElement("tr");
    head.appendChild(document.createElement("th"));
    const body = [];
    if (doc) {
      const start = new Date(doc.weeks_from + "T00:00:00");
      const weeks = doc.weeks.length ? doc.weeks[0].marks.length : 0;
      for (let i = 0; i < weeks; i++) {
        const th = document.createElement("th");
        th.scope = "col";
        const d = new Date(start.getTime() + i * 7 * 86400000);
        th.textContent = i % 4 === 0 ? `${String(d.getDate()).padStart(2, "0")}/${String(d.getMonth() + 1).padStart(2, "0")}` : "";
        head.appendChild(th);
      }
      for (const duty of doc.weeks) {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = duty.duty;
        tr.appendChild(th);
        duty.marks.forEach((m, i) => {
          const td = document.createElement("td");
          const sq = document.createElement("span");
          sq.className = `o o-${m}`;
          sq.setAttribute("role", "img");
          const d = new Date(start.getTime() + i * 7 * 86400000);
          sq.setAttribute("aria-label", MARK[m](`${String(d.getDate()).padStart(2, "0")}/${String(d.getMonth() + 1).padStart(2, "0")}/${d.getFullYear()}`));
          td.appendChild(sq);
          tr.appendChild(td);
        });
        body.push(tr);
      }
    }
    $("pg-bang-tuan").querySelector("thead").replaceChildren(head);
    $("pg-bang-tuan").querySelector("tbody").replaceChildren(...body);
    if (!doc) $("pg-lich-su-ten").textContent += " " + say("district-no-history");
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  } catch (e) {
    fail($("pg-tong"))(e);
  }
}

async function saveReport(format) {
  const out = $("pg-ket-qua-bao-cao");
  try {
    const s = await invoke("save_district_report", { from: $("pg-tu").value, to: $("pg-den").value, format, level: level() });
    const said = s.opened ? say("district-report-opened", { path: s.path }) : say("district-report-saved", { path: s.path });
    text(out, said, "tot");
  } catch (e) {
    fail(out)(e);
  }
}

export function wire() {
  $("pg-luu").addEventListener("click", save);
  $("pg-chon-tep").addEventListener("click", async () => {
    chosenList = await invoke("pick_school_list").catch(() => null);
    if (chosenList) text($("pg-cai-dat"), say("district-list-chosen", { path: chosenList }));
  });
  $("pg-xem").addEventListener("click", show);
  $("pg-cap-hoc").addEventListener("change", () => { if (shown.length) show(); });
  for (const th of $("pg-bang").querySelectorAll("th[data-cot]")) {
    th.querySelector("button").addEventListener("click", () => sortOn(th.dataset.cot));
  }
  $("pg-truoc").addEventListener("click", () => turn(-1));
  $("pg-sau").addEventListener("click", () => turn(1));
  $("pg-tim").addEventListener("input", () => { page = 0; if (shown.length) render(); });
  $("pg-pdf").addEventListener("click", () => saveReport("pdf"));
  $("pg-excel").addEventListener("click", () => saveReport("xlsx"));
}
