// The first-run setup: one step a screen. The engine keeps where the school is (`setup.rs`) and
// says what a step still lacks; each step here only saves what was typed and asks to go on.

import { $, invoke, say, text, fail, button } from "./common.js";
import { refreshStatus } from "./status.js";
import { refreshJournal } from "./journal.js";
import { backupNow } from "./backup.js";
import { selectTab } from "./tabs.js";
import { dayKey } from "./settings.js";
import { drawPassphrase, makePassphrase } from "./security.js";

const STEPS = ["truong", "trang-web", "ho-so", "o-sao-luu", "mat-khau", "lich", "sao-luu-dau"];
let shown = null;

const save = (change) => invoke("save_settings", { change });
const value = (id) => $(id).value;

// What each step saves before asking to go on, and what it loads when it opens.
const STEP = {
  truong: {
    open: async (c) => {
      $("tl-ten-truong").value = c.school_name;
      $("tl-cap-hoc").value = c.school_level || "";
      $("tl-chu-quan").value = c.governing_body;
    },
    save: () => save({ school_name: value("tl-ten-truong"), school_level: value("tl-cap-hoc"), governing_body: value("tl-chu-quan") }),
  },
  "trang-web": {
    open: async (c) => { $("tl-trang-web").value = c.website; },
    save: () => save({ website: value("tl-trang-web") }),
  },
  "ho-so": {
    open: async (c) => {
      $("tl-he-thong").value = c.eschool.system;
      $("tl-dia-chi-ho-so").value = c.eschool.url;
    },
    save: () => save({ eschool_system: value("tl-he-thong"), eschool_url: value("tl-dia-chi-ho-so") }),
  },
  "o-sao-luu": { open: showDrives, save: async () => {} },
  "mat-khau": {
    open: async (c) => {
      $("tl-noi-cat-phieu").value = c.plan.sheet_kept_at;
      await showPassphrase();
    },
    save: () => save({ sheet_kept_at: value("tl-noi-cat-phieu") }),
  },
  lich: {
    open: async (c) => {
      $("tl-ngay").value = dayKey(c);
      $("tl-tu-khoi-dong").checked = !c.no_autostart;
      $("tl-doi-mat-khau-sau").value = c.admin_password.every_days;
    },
    save: () => save({ backup_day: value("tl-ngay"), autostart: $("tl-tu-khoi-dong").checked, password_every_days: Number(value("tl-doi-mat-khau-sau")) }),
  },
  "sao-luu-dau": { open: async () => {}, save: async () => {} },
};

// Opens the setup at the step the engine says, or leaves it when it is not needed.
export async function startSetup() {
  const s = await invoke("setup_state");
  if (s.needed) await show(s);
  return s.needed;
}

async function show(s) {
  shown = s;
  document.body.classList.add("dang-thiet-lap");
  $("thiet-lap").hidden = false;
  $("tl-buoc").textContent = say("setup-step", { n: s.number, count: s.count });
  for (const sec of document.querySelectorAll("#thiet-lap .buoc-thiet-lap")) sec.hidden = sec.dataset.buoc !== s.at;
  $("tl-bo-qua").hidden = !s.skippable;
  $("tl-quay-lai").hidden = s.number === 1;
  // The last step's own button runs the backup; "Tiếp tục" would say nothing more.
  $("tl-tiep").hidden = s.at === "sao-luu-dau";
  $("tl-bo-qua").textContent = s.at === "sao-luu-dau" ? say("setup-later") : say("setup-skip");
  text($("tl-loi"), "");
  await STEP[s.at].open(await invoke("settings"));
  document.querySelector(`#thiet-lap .buoc-thiet-lap[data-buoc="${s.at}"] h2`).focus();
}

// Back to the everyday screen, refreshed.
function leave() {
  document.body.classList.remove("dang-thiet-lap");
  $("thiet-lap").hidden = true;
  shown = null;
  return Promise.all([refreshStatus(), refreshJournal()]);
}

async function done(skipped) {
  const step = shown.at;
  try {
    if (!skipped) await STEP[step].save();
    const next = await invoke("setup_step_done", { step, done: { skipped, sheet_confirmed: $("tl-da-cat-phieu").checked } });
    if (next.needed) await show(next);
    else await leave();
    return true;
  } catch (e) {
    fail($("tl-loi"))(e);
    return false;
  }
}

async function back() {
  const i = STEPS.indexOf(shown.at);
  await show({ ...shown, at: STEPS[i - 1], number: i, skippable: STEPS[i - 1] !== "o-sao-luu" });
}

async function showDrives() {
  const list = $("tl-cac-o");
  let drives = [];
  try {
    drives = await invoke("setup_drives");
  } catch (e) {
    fail($("tl-ket-qua-o"))(e);
  }
  list.replaceChildren(...drives.map((d) => {
    const li = document.createElement("li");
    const line = document.createElement("span");
    line.textContent = say("setup-drive-line", { label: d.label, fs: d.file_system || "?", free: d.free_label });
    li.appendChild(line);
    if (d.registered) {
      const ok = document.createElement("span");
      ok.className = "tot";
      ok.textContent = say("setup-drive-chosen");
      li.appendChild(ok);
    } else {
      li.appendChild(button(say("use-this-drive"), "nut-phu", () => useDrive(d.root)));
    }
    return li;
  }));
  if (drives.length === 0) text($("tl-ket-qua-o"), say("setup-no-drive-yet"), "muted");
  const fat = drives.some((d) => d.fat);
  $("tl-fat32").hidden = !fat;
  $("tl-fat32").textContent = fat ? say("setup-fat32") : "";
}

async function useDrive(root) {
  try {
    await invoke("register_drive", { root });
    text($("tl-ket-qua-o"), say("setup-drive-registered"), "tot");
    text($("tl-loi"), "");
  } catch (e) {
    fail($("tl-ket-qua-o"))(e);
  }
  await showDrives();
}

// The passphrase step draws into its own elements with the Bảo mật tab's code.
const PASS = { state: "tl-mat-khau-trang-thai", shown: "tl-mat-khau-moi", out: "tl-ket-qua-phieu", print: "tl-in-phieu" };

async function showPassphrase() {
  $("tl-tao-mat-khau").hidden = await drawPassphrase(PASS);
}

async function newPassphrase() {
  if (await makePassphrase(PASS)) text($("tl-loi"), "");
  $("tl-tao-mat-khau").hidden = !$("tl-in-phieu").disabled;
}

async function checkSite() {
  const out = $("tl-ket-qua-web");
  text(out, say("connecting-site"), "muted");
  try {
    await STEP["trang-web"].save();
    text(out, await invoke("setup_site_look"), "tot");
  } catch (e) {
    fail(out)(e);
  }
}

// The last step: the setup ends, and the everyday screen runs the first backup with its progress.
async function firstBackup() {
  if (await done(false)) await backupNow();
}

// The demo or a restore on a new PC: the setup waits for next time, nothing is saved.
async function leaveFor(tab) {
  await leave();
  if (tab) selectTab($(tab));
}

export function wire() {
  // What the step lacked is said until the user does something about it.
  $("thiet-lap").addEventListener("input", () => text($("tl-loi"), ""));
  $("tl-tiep").addEventListener("click", () => done(false));
  $("tl-bo-qua").addEventListener("click", () => done(true));
  $("tl-quay-lai").addEventListener("click", back);
  $("tl-xem-thu").addEventListener("click", () => leaveFor(null));
  $("tl-may-moi").addEventListener("click", () => leaveFor("tab-khoi-phuc"));
  $("tl-phong-gd").addEventListener("click", () => leaveFor("tab-phong-gd"));
  $("mo-thiet-lap").addEventListener("click", async () => show(await invoke("setup_state")));
  $("tl-kiem-tra-web").addEventListener("click", checkSite);
  $("tl-tao-mat-khau").addEventListener("click", newPassphrase);
  $("tl-in-phieu").addEventListener("click", async () => {
    await invoke("print_recovery_sheet");
    text($("tl-ket-qua-phieu"), say("sheet-window"), "tot");
  });
  $("tl-sao-luu-dau").addEventListener("click", firstBackup);
  $("tl-dung-duong-dan").addEventListener("click", () => useDrive(value("tl-duong-dan-o")));
  $("tl-chon-o").addEventListener("click", async () => {
    const picked = await invoke("pick_folder", { title: say("setup-pick-drive") }).catch(() => null);
    if (picked) await useDrive(picked);
  });
}

// Filled once: the lists the steps choose from.
export async function fillChoices() {
  const levels = await invoke("school_levels");
  for (const sel of [$("tl-cap-hoc"), $("cd-cap-hoc")]) {
    for (const [key, name] of levels) sel.appendChild(new Option(name, key));
  }
  for (const [key, name] of await invoke("record_systems")) $("tl-he-thong").appendChild(new Option(name, key));
  $("tl-ngay").replaceChildren(...[...$("cd-ngay").options].map((o) => o.cloneNode(true)));
}

// While the setup shows, a drive plugged in or out redraws the drive step.
export function drivesChanged() {
  if (shown && shown.at === "o-sao-luu") showDrives();
}
