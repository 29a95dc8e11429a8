// The window only asks the engine (through the app's commands) and draws what it answers.
"use strict";

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;
const $ = (id) => document.getElementById(id);

const PHASE_SHARE = { preparing: [0, 3], collecting: [3, 80], writing: [3, 80], verifying: [80, 95], logging: [95, 99], restoring: [0, 100], finished: [100, 100] };

function when(iso) {
  const d = new Date(iso);
  return d.toLocaleString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

function size(bytes) {
  const units = ["byte", "KB", "MB", "GB", "TB"];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${bytes} byte` : `${v.toFixed(1).replace(".", ",")} ${units[u]}`;
}

function text(el, value, cls) {
  el.textContent = value;
  el.className = cls || "";
}

async function refreshStatus() {
  try {
    const s = await invoke("status");
    $("ten-truong").textContent = s.demo ? "Chế độ trình diễn – chưa cài đặt trường" : s.school;
    if (s.drives.length === 0 && s.demo) text($("o-sao-luu"), "Ổ trình diễn sẽ được tạo khi bấm “Sao lưu ngay”", "muted");
    else if (s.drives.length === 0) text($("o-sao-luu"), "Chưa cắm ổ sao lưu", "canh-bao");
    else text($("o-sao-luu"), s.drives.map((d) => `${d.label} – còn trống ${size(d.free_bytes)}`).join("; "), "tot");
    showUnregistered(s.unregistered);
    $("lan-cuoi").textContent = s.last_good ? `${when(s.last_good.started_at)} (${s.last_good.source_name})` : "Chưa có";
    const cls = s.due.state === "done" ? "tot" : s.due.state === "soon" ? "canh-bao" : "loi";
    text($("tuan-nay"), s.due_label, cls);
    $("sao-luu-ngay").disabled = s.running;
  } catch (e) {
    text($("o-sao-luu"), String(e), "loi");
  }
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
    info.textContent = `Ổ “${d.label}” (${size(d.total_bytes)}, ${d.file_system}) đang cắm nhưng chưa phải ổ sao lưu.`;
    const button = document.createElement("button");
    button.className = "nut-phu";
    button.textContent = "Dùng ổ này để sao lưu";
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await invoke("register_drive", { root: d.root });
      } catch (e) {
        info.textContent = String(e);
        info.className = "loi";
      }
      await refreshStatus();
    });
    row.append(info, button);
    box.appendChild(row);
  }
}

async function refreshPassphrase() {
  try {
    const p = await invoke("passphrase_info");
    if (p.present) text($("mat-khau-trang-thai"), `Máy này đã có mật khẩu mã hoá (mã kiểm tra ${p.check_code}, in trên Phiếu khôi phục).`, "tot");
    else text($("mat-khau-trang-thai"), "Máy này chưa có mật khẩu mã hoá. Hãy tạo mật khẩu rồi in Phiếu khôi phục.", "canh-bao");
    $("in-phieu").disabled = !p.present;
  } catch (e) {
    text($("mat-khau-trang-thai"), String(e), "loi");
  }
}

async function newPassphrase() {
  const had = $("in-phieu").disabled === false;
  if (had && !window.confirm("Mật khẩu mới chỉ dùng cho các lần sao lưu từ nay; bản sao lưu cũ vẫn mở bằng mật khẩu cũ (hãy giữ Phiếu khôi phục cũ). Tạo mật khẩu mới?")) return;
  try {
    const p = await invoke("new_passphrase");
    const box = $("mat-khau-moi");
    box.textContent = `${p.grouped}   (mã kiểm tra ${p.check_code})`;
    box.hidden = false;
    text($("ket-qua-phieu"), "Mật khẩu chỉ hiện một lần. Hãy in Phiếu khôi phục ngay và cất trong tủ của Hiệu trưởng.", "canh-bao");
  } catch (e) {
    text($("ket-qua-phieu"), String(e), "loi");
  }
  await refreshPassphrase();
}

async function printSheet() {
  const out = $("ket-qua-phieu");
  try {
    const s = await invoke("recovery_sheet");
    const how = s.opened
      ? "Trang đã mở trong trình duyệt: bấm Ctrl+P để in"
      : "Hãy nhấp đúp vào tệp đó để mở trong trình duyệt rồi bấm Ctrl+P để in";
    text(out, `Đã ghi Phiếu khôi phục ra ${s.path}. ${how}, rồi cất trong tủ của Hiệu trưởng.`, "tot");
  } catch (e) {
    text(out, String(e), "loi");
  }
}

async function refreshJournal() {
  const source = $("loc-nguon").value || null;
  const outcome = $("loc-ket-qua").value || null;
  let entries = [];
  try {
    entries = await invoke("journal", { source, outcome });
  } catch (e) {
    text($("nhat-ky-trong"), String(e), "loi");
  }
  const body = $("bang-nhat-ky");
  body.replaceChildren();
  for (const e of entries) {
    const tr = document.createElement("tr");
    const detail = e.error || `${e.files} tệp, ${size(e.bytes)} – ${e.target_label}${e.note ? " – " + e.note : ""}`;
    const cls = e.outcome === "failed" ? "loi" : e.outcome === "running" ? "canh-bao" : "tot";
    for (const [value, c] of [[when(e.started_at)], [e.source_name], [e.outcome_label, cls], [detail]]) {
      const td = document.createElement("td");
      td.textContent = value;
      if (c) td.className = c;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const filtered = source || outcome;
  $("nhat-ky-trong").textContent = filtered
    ? "Không có lần sao lưu nào khớp với bộ lọc."
    : "Chưa có lần sao lưu nào. Hãy bấm “Sao lưu ngay”.";
  $("nhat-ky-trong").hidden = entries.length > 0;
}

function showProgress(p) {
  $("khung-tien-do").hidden = false;
  const [from, to] = PHASE_SHARE[p.phase] || [0, 100];
  const part = p.total > 0 ? Math.min(1, p.done / p.total) : 0.5;
  const bar = $("thanh-tien-do");
  bar.value = Math.max(bar.value, from + (to - from) * part);
  const counts = p.total > 0 ? ` (${p.done}/${p.total})` : p.done > 0 ? ` (${p.done})` : "";
  $("dong-tien-do").textContent = `${p.phase_label}${counts}${p.item ? ": " + p.item : ""}`;
  // The crawl says what it saved, how many errors so far and the time left.
  $("chi-tiet-tien-do").textContent = p.message || "";
}

async function checkSite() {
  const button = $("kiem-tra-trang-web");
  button.disabled = true;
  text($("ket-qua-kiem-tra"), "Đang đọc trang web…");
  try {
    const c = await invoke("check_site");
    const body = $("bang-kiem-tra").querySelector("tbody");
    body.replaceChildren();
    for (const item of c.items) {
      const tr = document.createElement("tr");
      tr.dataset.muc = item.key;
      for (const v of [item.label, item.found ? "✔ Có" : "✘ Không thấy", item.text || ""]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      }
      tr.className = item.found ? "tot" : "loi";
      body.appendChild(tr);
    }
    $("bang-kiem-tra").hidden = false;
    const missing = c.items.filter((i) => !i.found).map((i) => i.label);
    if (missing.length === 0) {
      text($("ket-qua-kiem-tra"), `Chân trang của ${c.site} đủ thông tin theo quy định.`, "tot");
    } else {
      text($("ket-qua-kiem-tra"), `Chân trang còn thiếu: ${missing.join(", ")}. Hãy bổ sung trên trang web.`, "loi");
    }
    const list = $("bai-can-xem-lai");
    list.replaceChildren();
    const h = document.createElement("p");
    h.textContent = c.reposts.length === 0
      ? "Không thấy bài viết nào có dấu hiệu lấy lại từ báo chí, cổng thông tin."
      : "Các bài sau cần người xem lại:";
    list.appendChild(h);
    for (const r of c.reposts) {
      const p = document.createElement("p");
      p.textContent = `${r.title} — ${r.reasons.join("; ")}`;
      list.appendChild(p);
    }
    $("can-cu").textContent = c.legal
      .map((l) => (l.replaced_by ? `${l.code} đã được thay thế bởi ${l.replaced_by}.` : `Căn cứ: ${l.code} (đang có hiệu lực).`))
      .join(" ");
  } catch (e) {
    text($("ket-qua-kiem-tra"), String(e), "loi");
  }
  button.disabled = false;
}

async function backupNow() {
  const button = $("sao-luu-ngay");
  button.disabled = true;
  $("thanh-tien-do").value = 0;
  $("khung-tien-do").hidden = false;
  $("huy").hidden = false;
  text($("ket-qua"), "Đang sao lưu, xin đừng rút ổ sao lưu…");
  try {
    const r = await invoke("backup_now");
    const files = r.sources.reduce((n, s) => n + s.files, 0);
    const failed = r.sources.filter((s) => s.error);
    if (failed.length === 0) {
      $("thanh-tien-do").value = 100;
      text($("ket-qua"), `Sao lưu thành công: ${files} tệp đã được ghi và kiểm tra lại trên ổ sao lưu.`, "tot");
    } else {
      text($("ket-qua"), `Sao lưu chưa đầy đủ: ${failed.map((s) => `${s.source.name}: ${s.error}`).join(" ")}`, "loi");
    }
  } catch (e) {
    text($("ket-qua"), `Sao lưu không thành công. ${e}`, "loi");
  }
  $("dong-tien-do").textContent = "";
  $("chi-tiet-tien-do").textContent = "";
  $("huy").hidden = true;
  button.disabled = false;
  await Promise.all([refreshStatus(), refreshJournal(), refreshRuns()]);
}

// Run folders are named YYYY-MM-DD_HHMMSS; people read dd/mm/yyyy lúc hh:mm.
function runDate(name) {
  const m = /^(\d{4})-(\d{2})-(\d{2})_(\d{2})(\d{2})(\d{2})/.exec(name);
  return m ? `${m[3]}/${m[2]}/${m[1]} lúc ${m[4]}:${m[5]}` : name;
}

async function refreshRuns() {
  const list = $("danh-sach-ban-sao-luu");
  list.replaceChildren();
  let drives = [];
  try {
    drives = await invoke("runs");
  } catch (e) {
    text($("ket-qua-khoi-phuc"), String(e), "loi");
  }
  const runs = drives.flatMap((d) => d.runs.map((r) => ({ ...r, label: d.label })));
  if (runs.length === 0) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = "Không tìm thấy bản sao lưu nào trên các ổ đang cắm.";
    list.appendChild(p);
  }
  for (const r of runs) {
    const row = document.createElement("div");
    row.className = "lan-sao-luu";
    const info = document.createElement("span");
    const total = r.zips.reduce((n, z) => n + z[1], 0);
    info.textContent = `${runDate(r.name)} – ${r.zips.map((z) => z[0]).join(", ")} (${size(total)}) – ổ ${r.label}`;
    const button = document.createElement("button");
    button.className = "nut-phu";
    button.textContent = "Khôi phục vào thư mục mới";
    button.addEventListener("click", () => restoreRun(r.dir, button));
    row.append(info, button);
    list.appendChild(row);
  }
}

async function restoreRun(dir, button) {
  button.disabled = true;
  const out = $("ket-qua-khoi-phuc");
  text(out, "Đang khôi phục và kiểm tra từng tệp…");
  try {
    const r = await invoke("restore_run", { runDir: dir });
    const failed = r.failed.length ? ` ${r.failed.length} tệp lỗi: ${r.failed.map((f) => f[0] + " – " + f[1]).join("; ")}` : "";
    text(out, `Đã khôi phục và kiểm tra ${r.restored} tệp vào ${r.destination}.${failed}`, r.failed.length ? "loi" : "tot");
    const open = document.createElement("button");
    open.className = "nut-phu";
    open.textContent = "Mở thư mục";
    open.addEventListener("click", () => invoke("open_folder", { path: r.destination }).catch((e) => text(out, String(e), "loi")));
    out.append(" ", open);
  } catch (e) {
    text(out, `Khôi phục không thành công. ${e}`, "loi");
  }
  button.disabled = false;
}

function selectTab(button) {
  for (const b of document.querySelectorAll('[role="tab"]')) {
    const on = b === button;
    b.setAttribute("aria-selected", String(on));
    $(b.dataset.panel).hidden = !on;
  }
  if (button.dataset.panel === "khoi-phuc") refreshRuns();
  if (button.dataset.panel === "bao-mat") refreshPassphrase();
}

window.addEventListener("DOMContentLoaded", async () => {
  $("sao-luu-ngay").addEventListener("click", backupNow);
  $("huy").addEventListener("click", () => invoke("cancel_backup"));
  $("kiem-tra-trang-web").addEventListener("click", checkSite);
  $("tao-mat-khau").addEventListener("click", newPassphrase);
  $("in-phieu").addEventListener("click", printSheet);
  $("loc-nguon").addEventListener("change", refreshJournal);
  $("loc-ket-qua").addEventListener("change", refreshJournal);
  for (const b of document.querySelectorAll('[role="tab"]')) b.addEventListener("click", () => selectTab(b));
  await listen("tien-do", (e) => showProgress(e.payload));
  await listen("tien-do-khoi-phuc", (e) => {
    const p = e.payload;
    text($("ket-qua-khoi-phuc"), `${p.phase_label} (${p.done}/${p.total}): ${p.item}`);
  });
  await listen("o-sao-luu", () => refreshStatus());
  await listen("sao-luu-xong", () => Promise.all([refreshStatus(), refreshJournal()]));
  await Promise.all([refreshStatus(), refreshJournal()]);
});
