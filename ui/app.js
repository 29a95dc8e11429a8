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
    lastStatus = s;
    showWeek(s);
    $("loi-gan-nhat").hidden = !s.failure;
    $("loi-gan-nhat").textContent = s.failure ? `Lần sao lưu gần nhất không thành công: ${s.failure}` : "";
  } catch (e) {
    text($("o-sao-luu"), String(e), "loi");
  }
}

let lastStatus = null;

const DUE_CLASS = { done: "tot", soon: "canh-bao", overdue: "loi", never: "loi" };

// Each eSchool section's week and the admin-password reminder, under "Tuần này".
function showWeek(s) {
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
    const read = document.createElement("p");
    read.textContent = c.articles_note;
    list.appendChild(read);
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

// The school's own site's certificate: shown, and accepted only by an explicit click on the
// fingerprint the engine showed; the engine checks it again against what the site presents.
async function lookCertificate() {
  const button = $("xem-chung-chi");
  button.disabled = true;
  text($("ket-qua-chung-chi"), "Đang kết nối tới trang web…");
  $("chap-nhan-chung-chi").hidden = true;
  $("bo-chung-chi").hidden = true;
  $("loi-moi-chung-chi").hidden = true;
  try {
    const c = await invoke("site_certificate");
    text($("ket-qua-chung-chi"), c.summary, c.presented.valid ? "tot" : "loi");
    if (c.offer) {
      $("loi-moi-chung-chi").textContent = c.offer;
      $("loi-moi-chung-chi").hidden = false;
      const accept = $("chap-nhan-chung-chi");
      accept.dataset.fingerprint = c.presented.fingerprint;
      accept.hidden = false;
    }
    $("bo-chung-chi").hidden = !c.accepted;
  } catch (e) {
    text($("ket-qua-chung-chi"), String(e), "loi");
  }
  button.disabled = false;
}

async function acceptCertificate() {
  try {
    const said = await invoke("accept_site_certificate", { fingerprint: $("chap-nhan-chung-chi").dataset.fingerprint });
    text($("ket-qua-chung-chi"), said, "tot");
    $("chap-nhan-chung-chi").hidden = true;
    $("loi-moi-chung-chi").hidden = true;
    $("bo-chung-chi").hidden = false;
  } catch (e) {
    text($("ket-qua-chung-chi"), String(e), "loi");
  }
}

async function forgetCertificate() {
  try {
    text($("ket-qua-chung-chi"), await invoke("forget_site_certificate"), "tot");
    $("bo-chung-chi").hidden = true;
  } catch (e) {
    text($("ket-qua-chung-chi"), String(e), "loi");
  }
}

async function backupNow() {
  // A school that backs up only eSchool does it through the guided steps.
  if (lastStatus && lastStatus.only_eschool) {
    selectTab($("tab-eschool"));
    return;
  }
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
  endProgress();
  button.disabled = false;
  await Promise.all([refreshStatus(), refreshJournal(), refreshRuns()]);
  if (lastStatus && !lastStatus.demo && lastStatus.eschool.some((x) => x.due.state !== "done")) {
    $("ket-qua").append(" Tiếp theo: sao lưu hồ sơ eSchool ở thẻ “eSchool”.");
  }
}

function endProgress() {
  $("dong-tien-do").textContent = "";
  $("chi-tiet-tien-do").textContent = "";
  $("huy").hidden = true;
}

// ---- eSchool: one step per section, files picked up from Downloads, compared, then saved ----

const gathered = new Map(); // section → [paths]
let waitingFor = null;
let waitingIn = "";
let eschoolSteps = [];
let previewed = false;

function baseName(p) {
  return p.split(/[\\/]/).pop();
}

async function loadEschool() {
  try {
    const c = await invoke("settings");
    $("eschool-dia-chi").value = c.eschool.url;
    for (const box of document.querySelectorAll('input[name="phan-he"]')) box.checked = c.eschool.sections.includes(box.value);
  } catch (e) {
    text($("eschool-cai-dat"), String(e), "loi");
  }
  try {
    eschoolSteps = await invoke("eschool_steps");
  } catch (e) {
    text($("eschool-cai-dat"), String(e), "loi");
  }
  renderSteps();
}

// Saves one checked change, says so on the line `out`, then shows the settings again.
async function saveChange(change, out, said, reload) {
  try {
    await invoke("save_settings", { change });
    text($(out), said, "tot");
  } catch (e) {
    text($(out), String(e), "loi");
  }
  await Promise.all([reload(), refreshStatus()]);
}

const saveEschool = (change) => saveChange(change, "eschool-cai-dat", "Đã lưu cài đặt eSchool.", loadEschool);

function renderSteps() {
  const list = $("cac-buoc-eschool");
  list.replaceChildren();
  eschoolSteps.forEach((step, i) => {
    const li = document.createElement("li");
    li.className = "buoc";
    li.dataset.phanHe = step.section;
    const h = document.createElement("h3");
    h.textContent = `Bước ${i + 1}: ${step.label}`;
    const how = document.createElement("p");
    how.textContent = step.how_to;
    const files = document.createElement("ul");
    files.className = "tep-da-nhan";
    for (const path of gathered.get(step.section) || []) {
      const f = document.createElement("li");
      f.className = "tep";
      f.textContent = baseName(path);
      f.title = path;
      const drop = document.createElement("button");
      drop.className = "nut-phu";
      drop.textContent = "Bỏ";
      drop.addEventListener("click", () => {
        gathered.set(step.section, (gathered.get(step.section) || []).filter((p) => p !== path));
        changed();
      });
      f.appendChild(drop);
      files.appendChild(f);
    }
    const buttons = document.createElement("div");
    buttons.className = "hang-nut";
    const wait = document.createElement("button");
    wait.className = "nut-phu cho-tai-ve";
    wait.textContent = waitingFor === step.section ? "Dừng chờ" : "Chờ tệp tải về";
    wait.addEventListener("click", () => waitFor(step.section));
    const pick = document.createElement("button");
    pick.className = "nut-phu chon-tep";
    pick.textContent = "Chọn tệp…";
    pick.addEventListener("click", () => pickFor(step.section));
    buttons.append(wait, pick);
    const state = document.createElement("p");
    state.className = "trang-thai-buoc muted";
    const n = (gathered.get(step.section) || []).length;
    state.textContent = waitingFor === step.section
      ? `Đang chờ tệp mới trong ${waitingIn}… Có thể tải nhiều tệp liền nhau (ví dụ mỗi lớp một tệp).`
      : n ? `Đã nhận ${n} tệp.` : "Chưa có tệp.";
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
      text($("eschool-cai-dat"), String(e), "loi");
    }
  }
  renderSteps();
}

async function pickFor(section) {
  try {
    const paths = await invoke("pick_exports");
    if (paths.length) add(section, paths);
  } catch (e) {
    text($("eschool-cai-dat"), String(e), "loi");
  }
}

function gatheredFiles() {
  return [...gathered].flatMap(([section, paths]) => paths.map((p) => [section, p]));
}

async function previewEschool() {
  const out = $("ket-qua-so-sanh");
  out.replaceChildren();
  text($("ket-qua-eschool"), "Đang đọc và so sánh các tệp…");
  try {
    const p = await invoke("eschool_preview", { files: gatheredFiles() });
    for (const s of p.sections) {
      const line = document.createElement("p");
      line.dataset.phanHe = s.section;
      line.className = s.refused ? "loi" : s.big_drop ? "canh-bao" : "tot";
      line.textContent = s.refused ? `${s.label}: ${s.sentence}` : `${s.label} (${s.records} hồ sơ, ${s.files} tệp): ${s.sentence}`;
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
    text($("ket-qua-eschool"), previewed ? "Hãy xem lại các thay đổi ở trên rồi bấm “Lưu vào ổ sao lưu”." : "Không có phần nào lưu được.", previewed ? "" : "loi");
  } catch (e) {
    previewed = false;
    text($("ket-qua-eschool"), String(e), "loi");
  }
  saveAllowed();
}

function saveAllowed() {
  $("luu-eschool").disabled = !previewed || (!$("xac-nhan-giam").hidden && !$("van-luu").checked);
}

async function saveEschoolBackup() {
  const button = $("luu-eschool");
  button.disabled = true;
  $("thanh-tien-do").value = 0;
  $("khung-tien-do").hidden = false;
  text($("ket-qua-eschool"), "Đang mã hoá và ghi vào ổ sao lưu, xin đừng rút ổ…");
  try {
    const r = await invoke("eschool_backup", { files: gatheredFiles(), acceptDrop: $("van-luu").checked });
    const src = r.sources[0];
    if (r.sources.every((s) => !s.error) && r.verify.problems.length === 0) {
      $("thanh-tien-do").value = 100;
      text($("ket-qua-eschool"), `Đã lưu hồ sơ eSchool vào ổ sao lưu: ${src.files} tệp, đã mã hoá và kiểm tra lại.`, "tot");
      gathered.clear();
      changed();
    } else {
      text($("ket-qua-eschool"), `Chưa lưu được đầy đủ: ${r.sources.map((s) => s.error).filter(Boolean).join(" ")}`, "loi");
      button.disabled = false;
    }
  } catch (e) {
    text($("ket-qua-eschool"), `Không lưu được. ${e}`, "loi");
    button.disabled = false;
  }
  endProgress();
  await Promise.all([refreshStatus(), refreshJournal()]);
}

// ---- Báo cáo: the principal's report, week by week ----

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function reportPeriod() {
  if (!$("bc-den").value) $("bc-den").value = isoDay(new Date());
  if (!$("bc-tu").value) $("bc-tu").value = isoDay(new Date(Date.now() - 27 * 86400000));
  return { from: $("bc-tu").value, to: $("bc-den").value };
}

async function showReport() {
  const out = $("ket-qua-bao-cao");
  try {
    const r = await invoke("principal_report", reportPeriod());
    const body = $("bang-bao-cao").querySelector("tbody");
    body.replaceChildren();
    for (const w of r.weeks) {
      const tr = document.createElement("tr");
      tr.className = "tuan";
      tr.dataset.tuan = w.from;
      const cells = [`${w.from.split("-").reverse().join("/")} – ${w.to.split("-").reverse().join("/")}`,
        w.eschool.join("\n"), w.website.join("\n"), w.drills.join("\n"), w.passwords.join("\n"), w.failures.join("\n"), w.verdict];
      cells.forEach((v, i) => {
        const td = document.createElement("td");
        td.textContent = v || "—";
        td.style.whiteSpace = "pre-line";
        if (i === 6) td.className = w.complete ? "tot" : "loi";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    $("bang-bao-cao").hidden = false;
    const done = r.weeks.filter((w) => w.complete).length;
    text(out, `${done}/${r.weeks.length} tuần đạt yêu cầu sao lưu.`, done === r.weeks.length ? "tot" : "canh-bao");
  } catch (e) {
    text(out, String(e), "loi");
  }
}

async function saveReport(format) {
  const out = $("ket-qua-bao-cao");
  try {
    const s = await invoke("save_principal_report", { ...reportPeriod(), format });
    const how = {
      xlsx: "Mở bằng Excel để xem",
      pdf: s.opened ? "Tệp PDF đã mở: in ra để Hiệu trưởng ký" : "Mở tệp PDF để in",
      html: s.opened ? "Trang đã mở trong trình duyệt: bấm Ctrl+P để in" : "Mở tệp trong trình duyệt rồi bấm Ctrl+P để in",
    }[format];
    text(out, `Đã lưu báo cáo: ${s.path}. ${how}.`, "tot");
  } catch (e) {
    text(out, String(e), "loi");
  }
}

// ---- Cài đặt: one page, saved as one checked change ----

const DAY_WORD = { Mon: "thu-hai", Tue: "thu-ba", Wed: "thu-tu", Thu: "thu-nam", Fri: "thu-sau", Sat: "thu-bay", Sun: "chu-nhat" };

async function loadSettings() {
  let c;
  try {
    c = await invoke("settings");
  } catch (e) {
    text($("ket-qua-cai-dat"), String(e), "loi");
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
  $("cd-ngay").value = c.backup_day ? DAY_WORD[c.backup_day] : "bat-ky";
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
    li.append(f + " ", button("Bỏ", "nut-phu", () => changeSettings({ remove_folder: f })));
    folders.appendChild(li);
  }
  const drives = $("cd-o");
  drives.replaceChildren();
  for (const d of await invoke("registered_drives").catch(() => [])) {
    const li = document.createElement("li");
    li.className = "o-da-dang-ky";
    const name = document.createElement("input");
    name.type = "text";
    name.value = d.label;
    name.disabled = !d.plugged;
    li.append(name, " ", d.plugged ? "" : "(không cắm) ");
    if (d.plugged) li.append(button("Đổi tên", "nut-phu", async () => {
      try {
        await invoke("rename_drive", { root: d.root, label: name.value });
        text($("ket-qua-cai-dat"), "Đã đổi tên ổ.", "tot");
      } catch (e) {
        text($("ket-qua-cai-dat"), String(e), "loi");
      }
      refreshStatus();
    }));
    li.append(button("Bỏ khỏi danh sách", "nut-phu", () => window.confirm("Bỏ ổ này khỏi danh sách? Dữ liệu trên ổ vẫn giữ nguyên.") && changeSettings({ forget_target: d.root })));
    drives.appendChild(li);
  }
}

const changeSettings = (change) => saveChange(change, "ket-qua-cai-dat", "Đã lưu cài đặt.", loadSettings);

function saveSettingsForm() {
  const num = (id) => Number($(id).value);
  return changeSettings({
    school_name: $("cd-ten-truong").value,
    governing_body: $("cd-chu-quan").value,
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

async function adminPasswordChanged() {
  try {
    const s = await invoke("admin_password_changed");
    showWeek(s);
  } catch (e) {
    text($("mat-khau-quan-tri"), String(e), "loi");
  }
}

// Run folders are named YYYY-MM-DD_HHMMSS; people read dd/mm/yyyy lúc hh:mm.
// ---- Khôi phục: drive → backup → check → restore, every step from what the drive says ----

let openDrive = null; // { root, label, groups }
let restoring = null; // the id of the line that shows restore progress while one runs
let chosen = null; // { backup, group }

function button(label, cls, onClick) {
  const b = document.createElement("button");
  b.className = cls || "nut-phu";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

async function refreshRuns() {
  const list = $("cac-o");
  list.replaceChildren();
  let drives = [];
  try {
    drives = await invoke("backup_drives");
  } catch (e) {
    text($("o-dang-mo"), String(e), "loi");
  }
  if (drives.length === 0) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = "Chưa thấy ổ sao lưu nào đang cắm. Hãy cắm ổ, hoặc gõ đường dẫn / chọn thư mục chứa SaoLuuTruongHoc.";
    list.appendChild(p);
  }
  for (const d of drives) {
    const b = button(`Ổ “${d.label}” – ${d.school}`, "nut-phu chon-o", () => showDrive(d.root));
    b.dataset.root = d.root;
    list.appendChild(b);
  }
}

async function showDrive(root) {
  text($("o-dang-mo"), "Đang đọc ổ sao lưu…");
  try {
    openDrive = await invoke("open_backup_drive", { root });
  } catch (e) {
    openDrive = null;
    text($("o-dang-mo"), String(e), "loi");
    $("buoc-chon").hidden = true;
    return;
  }
  const n = openDrive.groups.reduce((k, g) => k + g.backups.length, 0);
  text($("o-dang-mo"), `Ổ “${openDrive.label}” của ${openDrive.school}: ${n} bản sao lưu của ${openDrive.groups.length} nguồn.`, "tot");
  $("buoc-chon").hidden = false;
  $("buoc-kiem-tra").hidden = true;
  $("buoc-khoi-phuc").hidden = true;
  $("ket-qua-tim").replaceChildren();
  renderGroups();
}

function renderGroups() {
  const box = $("cac-nguon");
  box.replaceChildren();
  const day = $("loc-ngay").value; // yyyy-mm-dd, the run names' own order
  for (const g of openDrive.groups) {
    const backups = g.backups.filter((b) => !day || (b.started_at || "").startsWith(day));
    if (backups.length === 0) continue;
    const block = document.createElement("div");
    block.className = "nguon";
    block.dataset.kind = g.kind;
    const h = document.createElement("h4");
    h.textContent = `${g.name}${g.origin ? " – " + g.origin : ""} (${g.backups.length} lần sao lưu)`;
    block.appendChild(h);
    for (const b of backups) {
      const row = document.createElement("div");
      row.className = "lan-sao-luu";
      row.dataset.run = b.run_name;
      const info = document.createElement("span");
      const lock = b.encrypted ? " – có mã hoá" : "";
      info.textContent = `${b.run_label} – ${b.files} tệp, ${size(b.bytes)}${lock} – ${b.checked_label}${b.note ? " – " + b.note : ""}`;
      info.className = b.checked === "when_written" ? "" : "canh-bao";
      row.append(info, button("Chọn", "nut-phu chon-ban", () => chooseBackup(g, b)));
      block.appendChild(row);
    }
    box.appendChild(block);
  }
  if (!box.firstChild) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = day ? "Không có bản sao lưu nào trong ngày đã chọn." : "Ổ này chưa có bản sao lưu nào.";
    box.appendChild(p);
  }
}

async function findFiles() {
  const out = $("ket-qua-tim");
  out.replaceChildren();
  const query = $("tim-tep").value.trim();
  if (!openDrive || !query) return;
  let hits = [];
  try {
    hits = await invoke("find_in_backups", { root: openDrive.root, query });
  } catch (e) {
    text($("o-dang-mo"), String(e), "loi");
    return;
  }
  const head = document.createElement("p");
  head.textContent = hits.length ? `Tìm thấy ${hits.length} tệp:` : `Không tìm thấy tệp nào có tên chứa “${query}”.`;
  out.appendChild(head);
  for (const h of hits.slice(0, 200)) {
    const row = document.createElement("div");
    row.className = "lan-sao-luu tep-tim-thay";
    const info = document.createElement("span");
    info.textContent = `${h.run_label} – ${h.source_name} – ${h.path} (${size(h.size)})`;
    const g = openDrive.groups.find((x) => x.backups.some((b) => b.run_name === h.run_name && b.stem === h.stem));
    const b = g && g.backups.find((x) => x.run_name === h.run_name && x.stem === h.stem);
    row.append(info, button("Khôi phục tệp này", "nut-phu", () => chooseBackup(g, b, h.path)));
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
  $("ban-da-chon").textContent = `${group.name}, ${backup.run_label}${only ? " – chỉ tệp " + only : " – toàn bộ"}`;
  $("o-mat-khau").hidden = true;
  $("mat-khau-khoi-phuc").value = "";
  $("chi-khoi-phuc").value = only || "";
  $("dang-lai").hidden = true;
  $("buoc-kiem-tra").scrollIntoView();
}

function typedPassphrase() {
  return $("o-mat-khau").hidden ? null : $("mat-khau-khoi-phuc").value || null;
}

async function checkChosen() {
  const out = $("ket-qua-kiem-tra-ban");
  const b = chosen.backup;
  text(out, "Đang kiểm tra từng tệp với mã SHA-256 đã ghi…");
  $("buoc-khoi-phuc").hidden = true;
  try {
    const c = await invoke("check_backup", {
      runDir: b.run_dir, stem: b.stem, sourceName: chosen.group.name, encrypted: b.encrypted, passphraseTyped: typedPassphrase(),
    });
    const bad = c.report.problems;
    if (bad.length) {
      text(out, `Có ${bad.length} tệp bị hỏng: ${bad.map((p) => p.entry || p.file).join(", ")}. Các tệp còn lại vẫn khôi phục được.`, "canh-bao");
    } else {
      text(out, `Kiểm tra xong: ${c.report.entries} tệp đúng như lúc sao lưu.`, "tot");
    }
    chosen.destination = c.destination;
    $("thu-muc-nhan").textContent = c.destination;
    $("buoc-khoi-phuc").hidden = false;
  } catch (e) {
    // Encrypted and this PC has no passphrase, or the typed one is wrong: ask (again).
    if (b.encrypted) $("o-mat-khau").hidden = false;
    text(out, String(e), "loi");
  }
}

async function changeDestination() {
  const picked = await invoke("pick_folder", { title: "Chọn thư mục nhận dữ liệu khôi phục" }).catch(() => null);
  if (picked) {
    chosen.destination = picked;
    $("thu-muc-nhan").textContent = picked;
  }
}

async function restoreChosen(overwrite) {
  const go = $("bat-dau-khoi-phuc");
  const out = $("ket-qua-khoi-phuc");
  const after = $("sau-khoi-phuc");
  after.replaceChildren();
  go.disabled = true;
  text(out, "Đang khôi phục và kiểm tra từng tệp…");
  restoring = "ket-qua-khoi-phuc";
  $("dung-khoi-phuc").hidden = false;
  try {
    const r = await invoke("restore_backup", { request: {
      runDir: chosen.backup.run_dir, stem: chosen.backup.stem, destination: chosen.destination,
      passphraseTyped: typedPassphrase(), only: $("chi-khoi-phuc").value.trim() || null,
      overwriteAll: Boolean(overwrite && overwrite.all), overwriteFiles: (overwrite && overwrite.files) || [],
    } }).finally(() => { restoring = null; });
    const rep = r.report;
    const failed = rep.failed.length ? ` ${rep.failed.length} tệp không khôi phục được: ${rep.failed.map((f) => f[0] + " – " + f[1]).join("; ")}` : "";
    if (rep.restored === 0 && rep.existing.length) {
      text(out, `Chưa khôi phục tệp nào: ${rep.existing.length} tệp đã có sẵn ở ${rep.destination} và được giữ nguyên.`, "canh-bao");
    } else if (rep.cancelled) {
      text(out, `Đã dừng. ${rep.restored} tệp đã khôi phục xong và kiểm tra, nằm trong ${rep.destination}; chưa khôi phục phần còn lại.${failed}`, "canh-bao");
    } else {
      text(out, `Đã khôi phục và kiểm tra ${rep.restored} tệp vào ${rep.destination}.${failed}`, rep.failed.length ? "loi" : "tot");
    }
    after.appendChild(button("Mở thư mục", "nut-phu mo-thu-muc", () => invoke("open_folder", { path: rep.destination }).catch((e) => text(out, String(e), "loi"))));
    if (r.offline) after.appendChild(button("Mở bản sao trang web", "nut-phu mo-ban-offline", () => invoke("open_restored", { path: r.offline }).catch((e) => text(out, String(e), "loi"))));
    if (rep.existing.length) showExisting(rep.existing);
    if (r.offline) {
      chosen.site = r.offline.replace(/[\\/]ban-sao-offline[\\/]index\.html$/, "");
      $("dang-lai").hidden = false;
    }
    if (r.how_to) after.appendChild(button("Hướng dẫn nhập lại vào eSchool", "nut-phu mo-huong-dan", () => invoke("open_restored", { path: r.how_to }).catch((e) => text(out, String(e), "loi"))));
  } catch (e) {
    text(out, `Khôi phục không thành công. ${e}`, "loi");
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
  p.textContent = `${paths.length} tệp đã có sẵn ở thư mục nhận nên được giữ nguyên. Chọn tệp muốn thay bằng bản sao lưu:`;
  box.appendChild(p);
  for (const path of paths.slice(0, 500)) {
    const label = document.createElement("label");
    label.className = "tep-da-co";
    const box2 = document.createElement("input");
    box2.type = "checkbox";
    box2.value = path;
    label.append(box2, " " + path);
    box.append(label, document.createElement("br"));
  }
  const chosenOnes = () => [...box.querySelectorAll("input:checked")].map((b) => b.value);
  box.append(
    button("Ghi đè các tệp đã chọn", "nut-phu ghi-de-da-chon", () => restoreChosen({ files: chosenOnes() })),
    button("Ghi đè tất cả", "nut-phu ghi-de-tat-ca", () => window.confirm("Thay mọi tệp đã có bằng bản sao lưu?") && restoreChosen({ all: true })),
  );
  $("sau-khoi-phuc").appendChild(box);
}

// Posts the restored articles to a rebuilt WordPress; the password is sent once and cleared.
async function republish() {
  const list = $("ket-qua-dang-lai");
  list.replaceChildren();
  const password = $("dang-lai-mat-khau").value;
  $("dang-lai-mat-khau").value = "";
  try {
    const done = await invoke("republish", {
      siteDir: chosen.site, url: $("dang-lai-dia-chi").value, user: $("dang-lai-nguoi-dung").value, password,
    });
    for (const p of done) {
      const li = document.createElement("li");
      li.className = p.ok ? "tot" : "loi";
      li.textContent = p.ok ? `✔ ${p.title}${p.link ? " → " + p.link : ""}` : `✘ ${p.title}: ${p.error}`;
      list.appendChild(li);
    }
  } catch (e) {
    const li = document.createElement("li");
    li.className = "loi";
    li.textContent = String(e);
    list.appendChild(li);
  }
}

async function runDrill() {
  const out = $("ket-qua-dien-tap");
  text(out, "Đang khôi phục thử vào thư mục tạm và kiểm tra…");
  restoring = "ket-qua-dien-tap";
  try {
    const r = await invoke("run_drill", { typed: $("mat-khau-dien-tap").value || null }).finally(() => { restoring = null; });
    text(out, r.summary, r.ok ? "tot" : "loi");
  } catch (e) {
    text(out, String(e), "loi");
  }
  $("mat-khau-dien-tap").value = "";
  await Promise.all([refreshStatus(), refreshJournal()]);
}

async function printPlan(pdf) {
  const out = $("ket-qua-dien-tap");
  try {
    const p = await invoke("recovery_plan", { pdf });
    const how = pdf
      ? (p.opened ? "Tệp PDF đã mở: in ra để Hiệu trưởng ký" : "Hãy nhấp đúp vào tệp đó để mở và in")
      : (p.opened ? "Trang đã mở trong trình duyệt: bấm Ctrl+P để in hoặc lưu thành PDF" : "Hãy nhấp đúp vào tệp đó để mở rồi bấm Ctrl+P để in");
    const drive = p.paths.length > 1 ? ` Một bản cũng đã ghi lên ổ sao lưu (${p.paths.slice(1).join(", ")}).` : "";
    text(out, `Đã lập Kế hoạch khôi phục: ${p.paths[0]}. ${how}.${drive}`, "tot");
  } catch (e) {
    text(out, String(e), "loi");
  }
}

function selectTab(button) {
  for (const b of document.querySelectorAll('[role="tab"]')) {
    const on = b === button;
    b.setAttribute("aria-selected", String(on));
    $(b.dataset.panel).hidden = !on;
  }
  if (button.dataset.panel === "khoi-phuc") refreshRuns();
  if (button.dataset.panel === "bao-mat") refreshPassphrase();
  if (button.dataset.panel === "eschool") loadEschool();
  if (button.dataset.panel === "cai-dat") loadSettings();
  if (button.dataset.panel === "bao-cao") showReport();
}

window.addEventListener("DOMContentLoaded", async () => {
  $("sao-luu-ngay").addEventListener("click", backupNow);
  $("huy").addEventListener("click", () => invoke("cancel_backup"));
  $("kiem-tra-trang-web").addEventListener("click", checkSite);
  $("xem-chung-chi").addEventListener("click", lookCertificate);
  $("chap-nhan-chung-chi").addEventListener("click", acceptCertificate);
  $("bo-chung-chi").addEventListener("click", forgetCertificate);
  $("tao-mat-khau").addEventListener("click", newPassphrase);
  $("in-phieu").addEventListener("click", printSheet);
  $("luu-dia-chi-eschool").addEventListener("click", () => saveEschool({ eschool_url: $("eschool-dia-chi").value }));
  $("mo-eschool").addEventListener("click", () => invoke("open_eschool").catch((e) => text($("eschool-cai-dat"), String(e), "loi")));
  for (const box of document.querySelectorAll('input[name="phan-he"]')) {
    box.addEventListener("change", () => saveEschool({
      eschool_sections: [...document.querySelectorAll('input[name="phan-he"]:checked')].map((b) => b.value),
    }));
  }
  $("so-sanh-eschool").addEventListener("click", previewEschool);
  $("van-luu").addEventListener("change", saveAllowed);
  $("luu-eschool").addEventListener("click", saveEschoolBackup);
  $("da-doi-mat-khau").addEventListener("click", adminPasswordChanged);
  $("mo-duong-dan").addEventListener("click", () => showDrive($("duong-dan-o").value.trim()));
  $("chon-thu-muc-o").addEventListener("click", async () => {
    const picked = await invoke("pick_folder", { title: "Chọn ổ hoặc thư mục chứa SaoLuuTruongHoc" }).catch(() => null);
    if (picked) showDrive(picked);
  });
  $("tim").addEventListener("click", findFiles);
  $("tim-tep").addEventListener("keydown", (e) => { if (e.key === "Enter") findFiles(); });
  $("loc-ngay").addEventListener("change", () => openDrive && renderGroups());
  $("kiem-tra-ban").addEventListener("click", checkChosen);
  $("doi-thu-muc").addEventListener("click", changeDestination);
  $("bat-dau-khoi-phuc").addEventListener("click", () => restoreChosen(null));
  $("dung-khoi-phuc").addEventListener("click", () => invoke("cancel_restore"));
  $("dang-lai-bai").addEventListener("click", republish);
  $("xem-bao-cao").addEventListener("click", showReport);
  $("in-bao-cao").addEventListener("click", () => saveReport("html"));
  $("pdf-bao-cao").addEventListener("click", () => saveReport("pdf"));
  $("excel-bao-cao").addEventListener("click", () => saveReport("xlsx"));
  $("luu-cai-dat").addEventListener("click", saveSettingsForm);
  $("den-mat-khau").addEventListener("click", () => selectTab($("tab-bao-mat")));
  $("den-phan-he").addEventListener("click", () => selectTab($("tab-eschool")));
  $("them-thu-muc").addEventListener("click", async () => {
    const picked = await invoke("pick_folder", { title: "Chọn thư mục cần sao lưu" }).catch(() => null);
    if (picked) changeSettings({ add_folders: [picked] });
  });
  $("dien-tap").addEventListener("click", runDrill);
  $("lap-ke-hoach").addEventListener("click", () => printPlan(false));
  $("pdf-ke-hoach").addEventListener("click", () => printPlan(true));
  $("loc-nguon").addEventListener("change", refreshJournal);
  $("loc-ket-qua").addEventListener("change", refreshJournal);
  for (const b of document.querySelectorAll('[role="tab"]')) b.addEventListener("click", () => selectTab(b));
  await listen("tien-do", (e) => showProgress(e.payload));
  await listen("tien-do-khoi-phuc", (e) => {
    // Late events must not cover the final report.
    if (!restoring) return;
    const p = e.payload;
    text($(restoring), `${p.phase_label} (${p.done}/${p.total}): ${p.item}`);
  });
  await listen("tep-tai-ve", (e) => {
    if (waitingFor) add(waitingFor, [e.payload]);
  });
  await listen("het-cho-tai-ve", () => {
    waitingFor = null;
    renderSteps();
  });
  await listen("o-sao-luu", () => refreshStatus());
  await listen("sao-luu-xong", () => Promise.all([refreshStatus(), refreshJournal()]));
  // What the app says to the window goes through its mailbox: what was said while the window was
  // closed or loading is handed over once these listen.
  const told = {
    "mo-the": (tab) => { const b = $(`tab-${tab}`); if (b) selectTab(b); },
  };
  for (const [event, handle] of Object.entries(told)) await listen(event, (e) => handle(e.payload));
  await Promise.all([refreshStatus(), refreshJournal()]);
  for (const m of await invoke("window_ready")) told[m.event]?.(m.payload);
  // Every button answers from here on (the end-to-end tests wait for this).
  document.body.dataset.san = "1";
});
