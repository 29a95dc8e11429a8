// Báo cáo: the principal's report, week by week, shown here and saved to print or to Excel.

import { $, invoke, say, text, fail } from "./common.js";

// Days are typed and shown dd/mm/yyyy whatever the system's locale; the engine reads them.
// The last four weeks unless the user chose a period.
async function period() {
  if (!$("bc-den").value.trim() || !$("bc-tu").value.trim()) {
    const [from, to] = await invoke("default_report_period");
    if (!$("bc-tu").value.trim()) $("bc-tu").value = from;
    if (!$("bc-den").value.trim()) $("bc-den").value = to;
  }
  return { from: $("bc-tu").value, to: $("bc-den").value };
}

export async function showReport() {
  const out = $("ket-qua-bao-cao");
  try {
    const r = await invoke("principal_report", await period());
    const body = $("bang-bao-cao").querySelector("tbody");
    body.replaceChildren();
    for (const w of r.weeks) {
      const tr = document.createElement("tr");
      tr.className = "tuan";
      tr.dataset.tuan = w.from;
      const cells = [w.label,
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
    text(out, say("weeks-done", { done, of: r.weeks.length }), done === r.weeks.length ? "tot" : "canh-bao");
  } catch (e) {
    fail(out)(e);
  }
}

async function saveReport(format) {
  const out = $("ket-qua-bao-cao");
  try {
    const s = await invoke("save_principal_report", { ...(await period()), format });
    const how = format === "xlsx" ? "report-saved-xlsx" : `report-saved-${format}${s.opened ? "-opened" : ""}`;
    text(out, say(how, { path: s.path }), "tot");
  } catch (e) {
    fail(out)(e);
  }
}

export function wire() {
  $("xem-bao-cao").addEventListener("click", showReport);
  $("in-bao-cao").addEventListener("click", () => saveReport("html"));
  $("pdf-bao-cao").addEventListener("click", () => saveReport("pdf"));
  $("excel-bao-cao").addEventListener("click", () => saveReport("xlsx"));
}
