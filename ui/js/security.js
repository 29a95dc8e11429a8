// Bảo mật: this PC's encryption passphrase, the printed recovery sheet, and the admin-password
// confirmation.

import { $, invoke, say, text, fail } from "./common.js";
import { showWeek } from "./status.js";

export async function refreshPassphrase() {
  const out = $("mat-khau-trang-thai");
  try {
    const p = await invoke("passphrase_info");
    if (p.present) text(out, say("passphrase-present", { code: p.check_code }), "tot");
    else text(out, say("passphrase-missing"), "canh-bao");
    $("in-phieu").disabled = !p.present;
  } catch (e) {
    fail(out)(e);
  }
}

async function newPassphrase() {
  const had = $("in-phieu").disabled === false;
  if (had && !window.confirm(say("passphrase-replace-confirm"))) return;
  try {
    const p = await invoke("new_passphrase");
    const box = $("mat-khau-moi");
    box.textContent = say("passphrase-shown", { grouped: p.grouped, code: p.check_code });
    box.hidden = false;
    text($("ket-qua-phieu"), say("passphrase-once"), "canh-bao");
  } catch (e) {
    fail($("ket-qua-phieu"))(e);
  }
  await refreshPassphrase();
}

// Printed from the app's own window: nothing on disk holds the passphrase.
async function printSheet() {
  const out = $("ket-qua-phieu");
  try {
    await invoke("print_recovery_sheet");
    text(out, say("sheet-window"), "tot");
  } catch (e) {
    fail(out)(e);
  }
}

// A file only when asked for, after saying plainly what it holds.
async function saveSheet() {
  const out = $("ket-qua-phieu");
  if (!window.confirm(say("sheet-save-confirm"))) return;
  try {
    const s = await invoke("recovery_sheet");
    text(out, say(s.opened ? "sheet-opened" : "sheet-written", { path: s.path }), "tot");
  } catch (e) {
    fail(out)(e);
  }
}

async function adminPasswordChanged() {
  try {
    showWeek(await invoke("admin_password_changed"));
  } catch (e) {
    fail($("mat-khau-quan-tri"))(e);
  }
}

export function wire() {
  $("tao-mat-khau").addEventListener("click", newPassphrase);
  $("in-phieu").addEventListener("click", printSheet);
  $("luu-phieu").addEventListener("click", saveSheet);
  $("da-doi-mat-khau").addEventListener("click", adminPasswordChanged);
}
