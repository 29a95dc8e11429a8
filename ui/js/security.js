// Bảo mật: this PC's encryption passphrase, the printed recovery sheet, and the admin-password
// confirmation.

import { $, invoke, say, text, fail } from "./common.js";
import { showWeek } from "./status.js";

// Where the passphrase's state, a new passphrase and what was done are drawn: this tab's
// elements, or the setup's (`setup.js`).
const TAB = { state: "mat-khau-trang-thai", shown: "mat-khau-moi", out: "ket-qua-phieu", print: "in-phieu" };

// Draws whether this PC has a passphrase; answers whether it has.
export async function drawPassphrase(at) {
  const out = $(at.state);
  try {
    const p = await invoke("passphrase_info");
    if (p.present) text(out, say("passphrase-present", { code: p.check_code }), "tot");
    else text(out, say("passphrase-missing"), "canh-bao");
    $(at.print).disabled = !p.present;
    return p.present;
  } catch (e) {
    fail(out)(e);
    return false;
  }
}

export const refreshPassphrase = () => drawPassphrase(TAB);

// Makes a new passphrase, kept in the keychain, and shows it once; answers whether it was made.
export async function makePassphrase(at) {
  let made = false;
  try {
    const p = await invoke("new_passphrase");
    const box = $(at.shown);
    box.textContent = say("passphrase-shown", { grouped: p.grouped, code: p.check_code });
    box.hidden = false;
    text($(at.out), say("passphrase-once"), "canh-bao");
    made = true;
  } catch (e) {
    fail($(at.out))(e);
  }
  await drawPassphrase(at);
  return made;
}

async function newPassphrase() {
  const had = $("in-phieu").disabled === false;
  if (had && !window.confirm(say("passphrase-replace-confirm"))) return;
  await makePassphrase(TAB);
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
