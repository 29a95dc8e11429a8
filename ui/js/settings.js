// Cài đặt: one page, saved as one checked change (`config::Change`); nothing is saved when any
// part of it is wrong.

import { $, invoke, say, text, fail, button } from "./common.js";
import { refreshStatus } from "./status.js";

const DAY_WORD = { Mon: "thu-hai", Tue: "thu-ba", Wed: "thu-tu", Thu: "thu-nam", Fri: "thu-sau", Sat: "thu-bay", Sun: "chu-nhat" };

// The day list's choice for the saved weekly day.
export const dayKey = (c) => (c.backup_day ? DAY_WORD[c.backup_day] : "bat-ky");

// Saves one checked change, says so on the line `out`, then shows the settings again.
export async function saveChange(change, out, said, reload) {
  try {
    await invoke("save_settings", { change });
    text($(out), said, "tot");
  } catch (e) {
    fail($(out))(e);
  }
  await Promise.all([reload(), refreshStatus()]);
}

const changeSettings = (change) => saveChange(change, "ket-qua-cai-dat", say("settings-saved"), loadSettings);

function driveLine(d) {
  const li = document.createElement("li");
  li.className = "o-da-dang-ky";
  const name = document.createElement("input");
  name.type = "text";
  name.value = d.label;
  name.setAttribute("aria-label", say("drive-name"));
  name.disabled = !d.plugged;
  li.append(name, " ", d.plugged ? "" : say("not-plugged") + " ");
  if (d.plugged) li.append(button(say("rename"), "nut-phu", async () => {
    try {
      await invoke("rename_drive", { root: d.root, label: name.value });
      text($("ket-qua-cai-dat"), say("drive-renamed"), "tot");
    } catch (e) {
      fail($("ket-qua-cai-dat"))(e);
    }
    refreshStatus();
  }));
  li.append(button(say("forget-drive"), "nut-phu", () => window.confirm(say("forget-drive-confirm")) && changeSettings({ forget_target: d.root })));
  return li;
}

export async function loadSettings() {
  let c;
  try {
    c = await invoke("settings");
  } catch (e) {
    fail($("ket-qua-cai-dat"))(e);
    return;
  }
  $("cd-ten-truong").value = c.school_name;
  $("cd-chu-quan").value = c.governing_body;
  $("cd-trang-web").value = c.website;
  $("cd-eschool").value = c.eschool.url;
  $("cd-web-nhanh").checked = c.website_settings.fast;
  $("cd-web-dia-chi").value = c.website_settings.max_urls;
  $("cd-web-tang").value = c.website_settings.max_depth;
  $("cd-web-tep").value = c.website_settings.max_file_mb;
  $("cd-web-tong").value = c.website_settings.max_total_gb;
  $("cd-ngay").value = dayKey(c);
  $("cd-cap-hoc").value = c.school_level || "";
  $("cd-tu-khoi-dong").checked = !c.no_autostart;
  $("cd-dem-nguoc").value = c.plug_countdown_secs || 0;
  $("cd-kiem-tra-sau").value = c.drill_every_days || 30;
  $("cd-doi-mat-khau-sau").value = c.admin_password.every_days;
  $("cd-giu-tuan").value = c.retention.weekly_weeks;
  $("cd-giu-thang").value = c.retention.monthly_months;
  $("cd-phu-trach").value = c.plan.responsible;
  $("cd-noi-cat-o").value = c.plan.drives_kept_at;
  $("cd-noi-cat-phieu").value = c.plan.sheet_kept_at;
  const folders = $("cd-thu-muc");
  folders.replaceChildren();
  for (const f of c.folders) {
    const li = document.createElement("li");
    li.append(f + " ", button(say("remove"), "nut-phu", () => changeSettings({ remove_folder: f })));
    folders.appendChild(li);
  }
  const drives = await invoke("registered_drives").catch(() => []);
  $("cd-o").replaceChildren(...drives.map(driveLine));
  await loadOffsite();
}

// The offsite store: its address and key id, never the secret, which stays in the keychain.
async function loadOffsite() {
  const out = $("ket-qua-ngoai-truong");
  try {
    const o = await invoke("offsite_settings");
    $("ng-dia-chi").value = o ? o.url : "";
    $("ng-ma-khoa").value = o ? o.key_id : "";
    // Empty: the automatic share of the link; 0: no cap.
    $("ng-gioi-han").value = o && o.limit_kib_s != null ? o.limit_kib_s : "";
    $("ng-khoa-bi-mat").value = "";
    $("gui-ngoai-truong").disabled = !o;
    text(out, o ? o.said : say("offsite-none"), o ? "" : "muted");
  } catch (e) {
    fail(out)(e);
  }
}

async function saveOffsite() {
  const out = $("ket-qua-ngoai-truong");
  try {
    await invoke("set_offsite", {
      url: $("ng-dia-chi").value,
      keyId: $("ng-ma-khoa").value,
      secret: $("ng-khoa-bi-mat").value,
      limitKibS: $("ng-gioi-han").value.trim() === "" ? null : Number($("ng-gioi-han").value),
    });
    await loadOffsite();
    text(out, `${say("offsite-saved")} ${out.textContent}`, "tot");
  } catch (e) {
    fail(out)(e);
  }
}

// The office's file for this school: the secret goes to the keychain; the file should go.
async function importStoreFile() {
  const out = $("ket-qua-ngoai-truong");
  try {
    const path = $("ng-tep").value.trim();
    await invoke("import_offsite_file", { path });
    await loadOffsite();
    text(out, `${say("offsite-imported", { path })} ${out.textContent}`, "tot");
    $("ng-tep").value = "";
  } catch (e) {
    fail(out)(e);
  }
}

async function pushNow() {
  const out = $("ket-qua-ngoai-truong");
  const go = $("gui-ngoai-truong");
  go.disabled = true;
  text(out, say("offsite-sending"), "muted");
  try {
    text(out, await invoke("offsite_push_now"), "tot");
  } catch (e) {
    fail(out)(e);
  }
  go.disabled = false;
  await refreshStatus();
}

function saveSettingsForm() {
  const num = (id) => Number($(id).value);
  return changeSettings({
    school_name: $("cd-ten-truong").value,
    governing_body: $("cd-chu-quan").value,
    school_level: $("cd-cap-hoc").value,
    website: $("cd-trang-web").value,
    eschool_url: $("cd-eschool").value,
    website_fast: $("cd-web-nhanh").checked,
    max_urls: num("cd-web-dia-chi"),
    max_depth: num("cd-web-tang"),
    max_file_mb: num("cd-web-tep"),
    max_total_gb: num("cd-web-tong"),
    backup_day: $("cd-ngay").value,
    autostart: $("cd-tu-khoi-dong").checked,
    plug_countdown_secs: num("cd-dem-nguoc"),
    drill_every_days: num("cd-kiem-tra-sau"),
    password_every_days: num("cd-doi-mat-khau-sau"),
    retention_weeks: num("cd-giu-tuan"),
    retention_months: num("cd-giu-thang"),
    responsible: $("cd-phu-trach").value,
    drives_kept_at: $("cd-noi-cat-o").value,
    sheet_kept_at: $("cd-noi-cat-phieu").value,
  });
}

export function wire() {
  $("luu-cai-dat").addEventListener("click", saveSettingsForm);
  $("luu-ngoai-truong").addEventListener("click", saveOffsite);
  $("gui-ngoai-truong").addEventListener("click", pushNow);
  $("ng-nhap-tep").addEventListener("click", importStoreFile);
  $("ng-chon-tep").addEventListener("click", async () => {
    const picked = await invoke("pick_store_file").catch(() => null);
    if (picked) $("ng-tep").value = picked;
  });
  $("them-thu-muc").addEventListener("click", async () => {
    const picked = await invoke("pick_folder", { title: say("pick-folder-to-back-up") }).catch(() => null);
    if (picked) changeSettings({ add_folders: [picked] });
  });
}
