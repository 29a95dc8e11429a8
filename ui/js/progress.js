// The progress bar every long run draws into: one bar, phases sharing it in proportion.

import { $ } from "./common.js";

const PHASE_SHARE = { preparing: [0, 3], collecting: [3, 80], writing: [3, 80], verifying: [80, 95], logging: [95, 99], restoring: [0, 100], rebuilding: [0, 100], sending: [0, 100], fetching: [0, 100], finished: [100, 100] };

export function startProgress() {
  $("thanh-tien-do").value = 0;
  $("khung-tien-do").hidden = false;
}

export function showProgress(p) {
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

export function endProgress(done) {
  if (done) $("thanh-tien-do").value = 100;
  $("dong-tien-do").textContent = "";
  $("chi-tiet-tien-do").textContent = "";
  $("huy").hidden = true;
}
