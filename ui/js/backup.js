// "Sao lưu ngay": the configured sources (or the demo school) to the plugged-in drive.

import { $, invoke, say, text } from "./common.js";
import { lastStatus, refreshStatus } from "./status.js";
import { refreshJournal } from "./journal.js";
import { refreshRuns } from "./restore.js";
import { startProgress, endProgress } from "./progress.js";
import { selectTab } from "./tabs.js";

export async function backupNow() {
  // A school that backs up only eSchool does it through the guided steps.
  const before = lastStatus();
  if (before && before.only_eschool) {
    selectTab($("tab-eschool"));
    return;
  }
  const go = $("sao-luu-ngay");
  go.disabled = true;
  startProgress();
  $("huy").hidden = false;
  text($("ket-qua"), say("backing-up"));
  let good = false;
  try {
    const r = await invoke("backup_now");
    const files = r.sources.reduce((n, s) => n + s.files, 0);
    const failed = r.sources.filter((s) => s.error);
    good = failed.length === 0;
    if (good) {
      text($("ket-qua"), say("backup-good", { files }), "tot");
    } else {
      const why = failed.map((s) => `${s.source.name}: ${s.error}`).join(" ");
      text($("ket-qua"), say("backup-partial", { why }), "loi");
    }
  } catch (e) {
    text($("ket-qua"), say("backup-failed", { why: String(e) }), "loi");
  }
  endProgress(good);
  go.disabled = false;
  await Promise.all([refreshStatus(), refreshJournal(), refreshRuns()]);
  const s = lastStatus();
  if (s && !s.demo && s.eschool.some((x) => x.due.state !== "done")) {
    $("ket-qua").append(" " + say("next-eschool"));
  }
}

export function wire() {
  $("sao-luu-ngay").addEventListener("click", backupNow);
  $("huy").addEventListener("click", () => invoke("cancel_backup"));
}
