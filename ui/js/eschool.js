// eSchool: one step per section the school backs up; exports picked up from Downloads (or chosen),
// compared with the last backup, then saved encrypted after the user has seen the changes.

import { $, invoke, say, text, fail, button } from "./common.js";
import { refreshStatus } from "./status.js";
import { refreshJournal } from "./journal.js";
import { startProgress, endProgress } from "./progress.js";
import { saveChange } from "./settings.js";

const gathered = new Map(); // section → [paths]
let waitingFor = null;
let waitingIn = "";
let steps = [];
let previewed = false;

const baseName = (p) => p.split(/[\\/]/).pop();
const atSettings = () => fail($("eschool-cai-dat"));

export async function loadEschool() {
  try {
    const [c, systems] = await Promise.all([invoke("settings"), invoke("record_systems")]);
    const pick = $("eschool-he-thong");
    pick.replaceChildren(...systems.map(([key, label]) => {
      const o = document.createElement("option");
      o.value = key;
      o.textContent = label;
      return o;
    }));
    pick.value = c.eschool.system;
    $("eschool-dia-chi").value = c.eschool.url;
    for (const box of document.querySelectorAll('input[name="phan-he"]')) box.checked = c.eschool.sections.includes(box.value);
  } catch (e) {
    atSettings()(e);
  }
  try {
    steps = await invoke("eschool_steps");
  } catch (e) {
    atSettings()(e);
  }
  renderSteps();
}

const saveEschool = (change) => saveChange(change, "eschool-cai-dat", say("eschool-settings-saved"), loadEschool);

function fileLine(section, path) {
  const f = document.createElement("li");
  f.className = "tep";
  f.textContent = baseName(path);
  f.title = path;
  f.appendChild(button(say("remove"), "nut-phu", () => {
    gathered.set(section, (gathered.get(section) || []).filter((p) => p !== path));
    changed();
  }));
  return f;
}

function renderSteps() {
  const list = $("cac-buoc-eschool");
  list.replaceChildren();
  steps.forEach((step, i) => {
    const li = document.createElement("li");
    li.className = "buoc";
    li.dataset.phanHe = step.section;
    const h = document.createElement("h3");
    h.textContent = say("step", { n: i + 1, label: step.label });
    const how = document.createElement("p");
    how.textContent = step.how_to;
    const files = document.createElement("ul");
    files.className = "tep-da-nhan";
    const mine = gathered.get(step.section) || [];
    files.append(...mine.map((path) => fileLine(step.section, path)));
    const buttons = document.createElement("div");
    buttons.className = "hang-nut";
    const waiting = waitingFor === step.section;
    buttons.append(
      button(say(waiting ? "stop-waiting" : "wait-download"), "nut-phu cho-tai-ve", () => waitFor(step.section)),
      button(say("pick-files"), "nut-phu chon-tep", () => pickFor(step.section)),
    );
    const state = document.createElement("p");
    state.className = "trang-thai-buoc muted";
    state.textContent = waiting
      ? say("waiting-in", { folder: waitingIn })
      : mine.length ? say("files-received", { n: mine.length }) : say("no-files-yet");
    li.append(h, how, files, buttons, state);
    list.appendChild(li);
  });
}

function changed() {
  previewed = false;
  $("ket-qua-so-sanh").replaceChildren();
  $("xac-nhan-giam").hidden = true;
  $("van-luu").checked = false;
  $("luu-eschool").disabled = true;
  renderSteps();
}

function add(section, paths) {
  const now = gathered.get(section) || [];
  for (const p of paths) if (!now.includes(p)) now.push(p);
  gathered.set(section, now);
  changed();
}

// Watches Downloads until the user stops it: every export that lands joins this section, so
// several files (one per class) can be downloaded one after another.
async function waitFor(section) {
  const wasMine = waitingFor === section;
  if (waitingFor) await invoke("stop_waiting");
  waitingFor = null;
  if (!wasMine) {
    try {
      waitingIn = await invoke("wait_download");
      waitingFor = section;
    } catch (e) {
      atSettings()(e);
    }
  }
  renderSteps();
}

async function pickFor(section) {
  try {
    const paths = await invoke("pick_exports");
    if (paths.length) add(section, paths);
  } catch (e) {
    atSettings()(e);
  }
}

const gatheredFiles = () => [...gathered].flatMap(([section, paths]) => paths.map((p) => [section, p]));

async function previewEschool() {
  const out = $("ket-qua-so-sanh");
  const result = $("ket-qua-eschool");
  out.replaceChildren();
  text(result, say("comparing"));
  try {
    const p = await invoke("eschool_preview", { files: gatheredFiles() });
    for (const s of p.sections) {
      const line = document.createElement("p");
      line.dataset.phanHe = s.section;
      line.className = s.refused ? "loi" : s.big_drop ? "canh-bao" : "tot";
      line.textContent = s.refused
        ? `${s.label}: ${s.sentence}`
        : say("section-preview", { label: s.label, records: s.records, files: s.files, sentence: s.sentence });
      out.appendChild(line);
    }
    if (p.warning) {
      const warn = document.createElement("p");
      warn.className = "loi";
      warn.textContent = p.warning;
      out.appendChild(warn);
    }
    $("xac-nhan-giam").hidden = !p.warning;
    previewed = p.sections.some((s) => !s.refused);
    text(result, say(previewed ? "review-then-save" : "nothing-to-save"), previewed ? "" : "loi");
  } catch (e) {
    previewed = false;
    fail(result)(e);
  }
  saveAllowed();
}

function saveAllowed() {
  $("luu-eschool").disabled = !previewed || (!$("xac-nhan-giam").hidden && !$("van-luu").checked);
}

async function saveEschoolBackup() {
  const go = $("luu-eschool");
  const out = $("ket-qua-eschool");
  go.disabled = true;
  startProgress();
  text(out, say("eschool-writing"));
  let good = false;
  try {
    const r = await invoke("eschool_backup", { files: gatheredFiles(), acceptDrop: $("van-luu").checked });
    good = r.sources.every((s) => !s.error) && r.verify.problems.length === 0;
    if (good) {
      text(out, say("eschool-saved", { files: r.sources[0].files }), "tot");
      gathered.clear();
      changed();
    } else {
      text(out, say("eschool-partial", { why: r.sources.map((s) => s.error).filter(Boolean).join(" ") }), "loi");
      go.disabled = false;
    }
  } catch (e) {
    text(out, say("eschool-failed", { why: String(e) }), "loi");
    go.disabled = false;
  }
  endProgress(good);
  await Promise.all([refreshStatus(), refreshJournal()]);
}

export function wire() {
  // The export steps name the system the school picked.
  $("eschool-he-thong").addEventListener("change", () => saveEschool({ eschool_system: $("eschool-he-thong").value }));
  $("luu-dia-chi-eschool").addEventListener("click", () => saveEschool({ eschool_url: $("eschool-dia-chi").value }));
  $("mo-eschool").addEventListener("click", () => invoke("open_eschool").catch(atSettings()));
  for (const box of document.querySelectorAll('input[name="phan-he"]')) {
    box.addEventListener("change", () => saveEschool({
      eschool_sections: [...document.querySelectorAll('input[name="phan-he"]:checked')].map((b) => b.value),
    }));
  }
  $("so-sanh-eschool").addEventListener("click", previewEschool);
  $("van-luu").addEventListener("change", saveAllowed);
  $("luu-eschool").addEventListener("click", saveEschoolBackup);
}

// Downloads the shell saw land while a section waits.
export async function listenDownloads(listen) {
  await listen("tep-tai-ve", (e) => {
    if (waitingFor) add(waitingFor, [e.payload]);
  });
  await listen("het-cho-tai-ve", () => {
    waitingFor = null;
    renderSteps();
  });
}
