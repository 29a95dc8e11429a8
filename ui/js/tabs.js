// The tabs: one panel shown at a time, each loaded afresh when it is opened.

import { $ } from "./common.js";
import { refreshRuns } from "./restore.js";
import { refreshPassphrase } from "./security.js";
import { loadEschool } from "./eschool.js";
import { loadSettings } from "./settings.js";
import { showReport } from "./report.js";
import { loadDistrict } from "./district.js";

const ON_OPEN = {
  "khoi-phuc": refreshRuns,
  "bao-mat": refreshPassphrase,
  eschool: loadEschool,
  "cai-dat": loadSettings,
  "bao-cao": showReport,
  "phong-gd": loadDistrict,
};

// The weekly work (Nhật ký, Khôi phục) is always in view; the rest is one click away under
// "Việc khác", shown whenever one of its tabs is chosen.
function showOthers(open) {
  $("the-khac").hidden = !open;
  $("viec-khac").setAttribute("aria-expanded", String(open));
}

export function selectTab(tab) {
  if ($("the-khac").contains(tab)) showOthers(true);
  for (const b of document.querySelectorAll('[role="tab"]')) {
    const on = b === tab;
    b.setAttribute("aria-selected", String(on));
    $(b.dataset.panel).hidden = !on;
  }
  ON_OPEN[tab.dataset.panel]?.();
}

export function wire() {
  for (const b of document.querySelectorAll('[role="tab"]')) b.addEventListener("click", () => selectTab(b));
  $("viec-khac").addEventListener("click", () => showOthers($("the-khac").hidden));
  $("den-mat-khau").addEventListener("click", () => selectTab($("tab-bao-mat")));
  $("den-phan-he").addEventListener("click", () => selectTab($("tab-eschool")));
}
