// Khôi phục: drive → backup → check → restore, every step from what the drive itself says, so a
// new PC with an empty app folder can restore; then the restore drill and the recovery plan.

import { $, invoke, say, text, fail, button } from "./common.js";
import { refreshStatus } from "./status.js";
import { refreshJournal } from "./journal.js";

let openDrive = null; // { root, label, school, groups }
// Reading the offsite store rather than a drive: its runs, and the store's name.
let fromStore = null; // { store, runs }
let chosen = null; // { group, backup, only, destination, site }
let restoring = null; // the id of the line that shows restore progress while one runs

function muted(sentence) {
  const p = document.createElement("p");
  p.className = "muted";
  p.textContent = sentence;
  return p;
}

export async function refreshRuns() {
  const list = $("cac-o");
  list.replaceChildren();
  let drives = [];
  try {
    drives = await invoke("backup_drives");
  } catch (e) {
    fail($("o-dang-mo"))(e);
  }
  if (drives.length === 0) list.appendChild(muted(say("no-backup-drive")));
  for (const d of drives) {
    const b = button(say("drive-of-school", { label: d.label, school: d.school }), "nut-phu chon-o", () => showDrive(d.root));
    b.dataset.root = d.root;
    list.appendChild(b);
  }
  const store = $("kho-khoi-phuc");
  store.replaceChildren();
  const offsite = await invoke("offsite_settings").catch(() => null);
  if (offsite) store.appendChild(button(say("offsite-store-choice", { store: offsite.url }), "nut-phu chon-kho", () => showStore(offsite.url)));
  else store.appendChild(muted(say("offsite-not-set-restore")));
}

// The offsite store as the first step's choice: its runs, each brought back whole before the
// rest of the wizard reads it as a drive.
async function showStore(store) {
  text($("o-dang-mo"), say("reading-offsite"));
  openDrive = null;
  $("buoc-kiem-tra").hidden = true;
  $("buoc-khoi-phuc").hidden = true;
  $("ket-qua-tim").replaceChildren();
  try {
    fromStore = { store, runs: await invoke("offsite_runs") };
  } catch (e) {
    fromStore = null;
    fail($("o-dang-mo"))(e);
    $("buoc-chon").hidden = true;
    return;
  }
  text($("o-dang-mo"), say("offsite-holds", { store, n: fromStore.runs.length }), "tot");
  $("buoc-chon").hidden = false;
  renderStoreRuns();
}

function renderStoreRuns() {
  const box = $("cac-nguon");
  box.replaceChildren();
  const day = filterDay;
  for (const r of fromStore.runs.filter((x) => !day || x.run.startsWith(day))) {
    const row = document.createElement("div");
    row.className = "lan-sao-luu";
    row.dataset.run = r.run;
    const info = document.createElement("span");
    const zips = r.files.filter((f) => f[0].endsWith(".zip")).length;
    info.textContent = say("offsite-run-line", { label: r.label, files: zips, size: r.size_label }) + (r.complete ? "" : " – " + say("offsite-run-incomplete"));
    info.className = r.complete ? "" : "canh-bao";
    const fetch = button(say("fetch-offsite-run"), "nut-phu tai-ve", () => fetchRun(r.run));
    fetch.disabled = !r.complete;
    row.append(info, fetch);
    box.appendChild(row);
  }
  if (!box.firstChild) box.appendChild(muted(say(day ? "no-backup-that-day" : "drive-empty")));
}

// Brings a run back from the store (each file checked as it comes), then shows it as a drive's;
// with a file found by name, goes straight to checking that file.
async function fetchRun(run, hit) {
  const line = $("o-dang-mo");
  text(line, say("fetching-offsite"));
  restoring = "o-dang-mo";
  let contents;
  try {
    contents = await invoke("offsite_fetch", { run }).finally(() => { restoring = null; });
  } catch (e) {
    fail(line)(e);
    return;
  }
  openDrive = contents;
  const fetched = fromStore.runs.find((r) => r.run === run);
  text(line, say("offsite-fetched", { run: fetched ? fetched.label : run, store: contents.label }), "tot");
  renderGroups();
  if (hit) {
    const g = openDrive.groups.find((x) => x.backups.some((b) => b.run_name === hit.run_name && b.stem === hit.stem));
    chooseBackup(g, g && g.backups.find((b) => b.run_name === hit.run_name && b.stem === hit.stem), hit.path);
  }
}

async function showDrive(root) {
  fromStore = null;
  text($("o-dang-mo"), say("reading-drive"));
  try {
    openDrive = await invoke("open_backup_drive", { root });
  } catch (e) {
    openDrive = null;
    fail($("o-dang-mo"))(e);
    $("buoc-chon").hidden = true;
    return;
  }
  const n = openDrive.groups.reduce((k, g) => k + g.backups.length, 0);
  text($("o-dang-mo"), say("drive-holds", { label: openDrive.label, school: openDrive.school, n, sources: openDrive.groups.length }), "tot");
  $("buoc-chon").hidden = false;
  $("buoc-kiem-tra").hidden = true;
  $("buoc-khoi-phuc").hidden = true;
  $("ket-qua-tim").replaceChildren();
  renderGroups();
}

function backupLine(g, b) {
  const row = document.createElement("div");
  row.className = "lan-sao-luu";
  row.dataset.run = b.run_name;
  const info = document.createElement("span");
  const parts = [b.run_label, say("files-size", { files: b.files, size: b.size_label }) + (b.encrypted ? say("encrypted-suffix") : ""), b.checked_label];
  if (b.note) parts.push(b.note);
  info.textContent = parts.join(" – ");
  info.className = b.checked === "when_written" ? "" : "canh-bao";
  row.append(info, button(say("choose"), "nut-phu chon-ban", () => chooseBackup(g, b)));
  return row;
}

// The day filter, typed dd/mm/yyyy: read by the engine once it is a whole day.
let filterDay = null;

async function filterByDay() {
  filterDay = await invoke("typed_day", { typed: $("loc-ngay").value });
  if (fromStore && !openDrive) renderStoreRuns();
  else if (openDrive) renderGroups();
}

function renderGroups() {
  const box = $("cac-nguon");
  box.replaceChildren();
  const day = filterDay; // yyyy-mm-dd, the run times' own order
  for (const g of openDrive.groups) {
    const backups = g.backups.filter((b) => !day || (b.started_at || "").startsWith(day));
    if (backups.length === 0) continue;
    const block = document.createElement("div");
    block.className = "nguon";
    block.dataset.kind = g.kind;
    const h = document.createElement("h4");
    h.textContent = say("source-runs", { name: g.origin ? `${g.name} – ${g.origin}` : g.name, n: g.backups.length });
    block.appendChild(h);
    block.append(...backups.map((b) => backupLine(g, b)));
    box.appendChild(block);
  }
  if (!box.firstChild) box.appendChild(muted(say(day ? "no-backup-that-day" : "drive-empty")));
}

async function findFiles() {
  const out = $("ket-qua-tim");
  out.replaceChildren();
  const query = $("tim-tep").value.trim();
  if (!(openDrive || fromStore) || !query) return;
  let hits = [];
  try {
    hits = fromStore ? await invoke("offsite_find", { query }) : await invoke("find_in_backups", { root: openDrive.root, query });
  } catch (e) {
    fail($("o-dang-mo"))(e);
    return;
  }
  const head = document.createElement("p");
  head.textContent = hits.length ? say("found-files", { n: hits.length }) : say("found-none", { query });
  out.appendChild(head);
  for (const h of hits.slice(0, 200)) {
    const row = document.createElement("div");
    row.className = "lan-sao-luu tep-tim-thay";
    const info = document.createElement("span");
    info.textContent = `${h.run_label} – ${h.source_name} – ${h.path} (${h.size_label})`;
    if (fromStore) {
      row.append(info, button(say("restore-this-file"), "nut-phu", () => fetchRun(h.run_name, h)));
    } else {
      const g = openDrive.groups.find((x) => x.backups.some((b) => b.run_name === h.run_name && b.stem === h.stem));
      const b = g && g.backups.find((x) => x.run_name === h.run_name && x.stem === h.stem);
      row.append(info, button(say("restore-this-file"), "nut-phu", () => chooseBackup(g, b, h.path)));
    }
    out.appendChild(row);
  }
}

function chooseBackup(group, backup, only) {
  if (!group || !backup) return;
  chosen = { group, backup, only: only || null, destination: null };
  $("buoc-kiem-tra").hidden = false;
  $("buoc-khoi-phuc").hidden = true;
  $("sau-khoi-phuc").replaceChildren();
  text($("ket-qua-khoi-phuc"), "");
  text($("ket-qua-kiem-tra-ban"), "");
  $("ban-da-chon").textContent = `${group.name}, ${backup.run_label} – ${only ? say("only-file", { path: only }) : say("whole")}`;
  $("o-mat-khau").hidden = true;
  $("mat-khau-khoi-phuc").value = "";
  $("chi-khoi-phuc").value = only || "";
  $("dang-lai").hidden = true;
  $("buoc-kiem-tra").scrollIntoView();
}

const typedPassphrase = () => ($("o-mat-khau").hidden ? null : $("mat-khau-khoi-phuc").value || null);

async function checkChosen() {
  const out = $("ket-qua-kiem-tra-ban");
  const b = chosen.backup;
  text(out, say("checking-backup"));
  $("buoc-khoi-phuc").hidden = true;
  try {
    const c = await invoke("check_backup", {
      runDir: b.run_dir, stem: b.stem, sourceName: chosen.group.name, encrypted: b.encrypted, passphraseTyped: typedPassphrase(),
    });
    const bad = c.report.problems;
    if (bad.length) text(out, say("check-damaged", { n: bad.length, files: bad.map((p) => p.entry || p.file).join(", ") }), "canh-bao");
    else text(out, say("check-good", { n: c.report.entries }), "tot");
    chosen.destination = c.destination;
    $("thu-muc-nhan").textContent = c.destination;
    $("buoc-khoi-phuc").hidden = false;
  } catch (e) {
    // Encrypted and this PC has no passphrase, or the typed one is wrong: ask (again).
    if (b.encrypted) $("o-mat-khau").hidden = false;
    fail(out)(e);
  }
}

async function changeDestination() {
  const picked = await invoke("pick_folder", { title: say("pick-destination") }).catch(() => null);
  if (picked) {
    chosen.destination = picked;
    $("thu-muc-nhan").textContent = picked;
  }
}

// What the restore did, in one line.
function restoredSentence(rep) {
  const failed = rep.failed.length
    ? " " + say("restore-some-failed", { n: rep.failed.length, list: rep.failed.map((f) => f[0] + " – " + f[1]).join("; ") })
    : "";
  if (rep.restored === 0 && rep.existing.length) return [say("restore-all-existed", { n: rep.existing.length, to: rep.destination }), "canh-bao"];
  if (rep.cancelled) return [say("restore-stopped", { n: rep.restored, to: rep.destination }) + failed, "canh-bao"];
  return [say("restore-done", { n: rep.restored, to: rep.destination }) + failed, rep.failed.length ? "loi" : "tot"];
}

async function restoreChosen(overwrite) {
  const go = $("bat-dau-khoi-phuc");
  const out = $("ket-qua-khoi-phuc");
  const after = $("sau-khoi-phuc");
  after.replaceChildren();
  go.disabled = true;
  text(out, say("restoring"));
  restoring = "ket-qua-khoi-phuc";
  $("dung-khoi-phuc").hidden = false;
  const open = (label, cls, path) => button(label, cls, () => invoke("open_restored", { path }).catch(fail(out)));
  try {
    const r = await invoke("restore_backup", { request: {
      runDir: chosen.backup.run_dir, stem: chosen.backup.stem, destination: chosen.destination,
      passphraseTyped: typedPassphrase(), only: $("chi-khoi-phuc").value.trim() || null,
      overwriteAll: Boolean(overwrite && overwrite.all), overwriteFiles: (overwrite && overwrite.files) || [],
    } }).finally(() => { restoring = null; });
    const rep = r.report;
    text(out, ...restoredSentence(rep));
    after.appendChild(button(say("open-folder"), "nut-phu mo-thu-muc", () => invoke("open_folder", { path: rep.destination }).catch(fail(out))));
    if (r.offline) after.appendChild(open(say("open-offline-site"), "nut-phu mo-ban-offline", r.offline));
    if (rep.existing.length) showExisting(rep.existing);
    if (r.offline) {
      chosen.site = r.offline.replace(/[\\/]ban-sao-offline[\\/]index\.html$/, "");
      $("dang-lai").hidden = false;
    }
    if (r.how_to) after.appendChild(open(say("open-eschool-how-to"), "nut-phu mo-huong-dan", r.how_to));
  } catch (e) {
    text(out, say("restore-failed", { why: String(e) }), "loi");
  }
  go.disabled = false;
  $("dung-khoi-phuc").hidden = true;
  await refreshJournal();
}

// Files already in the destination are kept; the user may replace them one by one or all.
function showExisting(paths) {
  const box = document.createElement("div");
  box.id = "tep-da-co";
  const p = document.createElement("p");
  p.className = "canh-bao";
  p.textContent = say("existing-kept", { n: paths.length });
  box.appendChild(p);
  for (const path of paths.slice(0, 500)) {
    const label = document.createElement("label");
    label.className = "tep-da-co";
    const tick = document.createElement("input");
    tick.type = "checkbox";
    tick.value = path;
    label.append(tick, " " + path);
    box.append(label, document.createElement("br"));
  }
  const ticked = () => [...box.querySelectorAll("input:checked")].map((b) => b.value);
  box.append(
    button(say("overwrite-chosen"), "nut-phu ghi-de-da-chon", () => restoreChosen({ files: ticked() })),
    button(say("overwrite-all"), "nut-phu ghi-de-tat-ca", () => window.confirm(say("overwrite-all-confirm")) && restoreChosen({ all: true })),
  );
  $("sau-khoi-phuc").appendChild(box);
}

// Rebuilds the restored site on WordPress (or posts its articles); the password is sent once
// and cleared. Progress shows on the summary line while it runs.
async function republish() {
  const list = $("ket-qua-dang-lai");
  const summary = $("tom-tat-dang-lai");
  list.replaceChildren();
  const password = $("dang-lai-mat-khau").value;
  $("dang-lai-mat-khau").value = "";
  const line = (sentence, cls) => {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = sentence;
    list.appendChild(li);
  };
  restoring = "tom-tat-dang-lai";
  // The progress line sits under the form, often below the window's edge.
  summary.scrollIntoView({ block: "nearest" });
  try {
    const r = await invoke("republish", {
      siteDir: chosen.site, url: $("dang-lai-dia-chi").value, user: $("dang-lai-nguoi-dung").value, password,
      author: $("dang-lai-tac-gia").value.trim() || null,
    }).finally(() => { restoring = null; });
    for (const p of r.published) {
      if (p.ok) line(`✔ ${p.title}${p.link ? " → " + p.link : ""}`, "tot");
      else line(`✘ ${p.title}: ${p.error}`, "loi");
    }
    for (const i of (r.rebuilt ? r.rebuilt.items : []).filter((i) => i.done === "failed")) {
      line(`✘ ${i.title}: ${i.error}`, "loi");
    }
    const good = r.rebuilt ? r.rebuilt.items.every((i) => i.done !== "failed") : r.published.every((p) => p.ok);
    text(summary, r.summary, good ? "tot" : "loi");
  } catch (e) {
    text(summary, String(e), "loi");
  }
}

async function runDrill() {
  const out = $("ket-qua-dien-tap");
  text(out, say("drill-running"));
  restoring = "ket-qua-dien-tap";
  try {
    const r = await invoke("run_drill", { typed: $("mat-khau-dien-tap").value || null }).finally(() => { restoring = null; });
    text(out, r.summary, r.ok ? "tot" : "loi");
  } catch (e) {
    fail(out)(e);
  }
  $("mat-khau-dien-tap").value = "";
  await Promise.all([refreshStatus(), refreshJournal()]);
}

async function printPlan(pdf) {
  const out = $("ket-qua-dien-tap");
  try {
    const p = await invoke("recovery_plan", { pdf });
    const how = `plan-${pdf ? "pdf" : "html"}${p.opened ? "-opened" : ""}`;
    const drive = p.paths.length > 1 ? " " + say("plan-on-drive", { paths: p.paths.slice(1).join(", ") }) : "";
    text(out, say(how, { path: p.paths[0] }) + drive, "tot");
  } catch (e) {
    fail(out)(e);
  }
}

export function wire() {
  $("mo-duong-dan").addEventListener("click", () => showDrive($("duong-dan-o").value.trim()));
  $("chon-thu-muc-o").addEventListener("click", async () => {
    const picked = await invoke("pick_folder", { title: say("pick-backup-folder") }).catch(() => null);
    if (picked) showDrive(picked);
  });
  $("tim").addEventListener("click", findFiles);
  $("tim-tep").addEventListener("keydown", (e) => { if (e.key === "Enter") findFiles(); });
  $("loc-ngay").addEventListener("input", filterByDay);
  $("kiem-tra-ban").addEventListener("click", checkChosen);
  $("doi-thu-muc").addEventListener("click", changeDestination);
  $("bat-dau-khoi-phuc").addEventListener("click", () => restoreChosen(null));
  $("dung-khoi-phuc").addEventListener("click", () => invoke("cancel_restore"));
  $("dang-lai-bai").addEventListener("click", republish);
  $("dien-tap").addEventListener("click", runDrill);
  $("lap-ke-hoach").addEventListener("click", () => printPlan(false));
  $("pdf-ke-hoach").addEventListener("click", () => printPlan(true));
}

// The restore's progress goes to the line of whatever restore runs; late events must not cover
// the final report.
export function showRestoreProgress(p) {
  if (restoring) text($(restoring), `${p.phase_label} (${p.done}/${p.total}): ${p.item}`);
}
