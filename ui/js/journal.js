// Nhật ký: every run, newest first, filtered by source and outcome. The detail line is the
// engine's.

import { $, invoke, say, text, when } from "./common.js";

export async function refreshJournal() {
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
    const cls = e.outcome === "failed" ? "loi" : e.outcome === "running" ? "canh-bao" : "tot";
    for (const [value, c] of [[when(e.started_at)], [e.source_name], [e.outcome_label, cls], [e.detail]]) {
      const td = document.createElement("td");
      td.textContent = value;
      if (c) td.className = c;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  $("nhat-ky-trong").textContent = say(source || outcome ? "journal-none-matching" : "journal-empty");
  $("nhat-ky-trong").hidden = entries.length > 0;
}

export function wire() {
  $("loc-nguon").addEventListener("change", refreshJournal);
  $("loc-ket-qua").addEventListener("change", refreshJournal);
}
