// The window only asks the engine (through the app's commands) and draws what it answers. Each
// tab is a module that wires its own buttons; this one loads the engine's words, wires the
// tabs, and listens to what the shell says.

import { $, invoke, listen, loadWords } from "./common.js";
import { refreshStatus } from "./status.js";
import { refreshJournal } from "./journal.js";
import { showProgress } from "./progress.js";
import { showRestoreProgress } from "./restore.js";
import { listenDownloads } from "./eschool.js";
import { selectTab } from "./tabs.js";
import * as backup from "./backup.js";
import * as district from "./district.js";
import * as eschool from "./eschool.js";
import * as journal from "./journal.js";
import * as report from "./report.js";
import * as restore from "./restore.js";
import * as security from "./security.js";
import * as settings from "./settings.js";
import * as setup from "./setup.js";
import * as tabs from "./tabs.js";
import * as website from "./website.js";

async function start() {
  await loadWords();
  for (const part of [backup, district, eschool, journal, report, restore, security, settings, setup, tabs, website]) part.wire();
  await setup.fillChoices();
  await listen("tien-do", (e) => showProgress(e.payload));
  await listen("tien-do-khoi-phuc", (e) => showRestoreProgress(e.payload));
  await listenDownloads(listen);
  await listen("o-sao-luu", () => { refreshStatus(); setup.drivesChanged(); });
  await listen("sao-luu-xong", () => Promise.all([refreshStatus(), refreshJournal()]));
  // What the app says to the window goes through its mailbox: what was said while the window was
  // closed or loading is handed over once these listen.
  const told = {
    "mo-the": (tab) => { const b = $(`tab-${tab}`); if (b) selectTab(b); },
  };
  for (const [event, handle] of Object.entries(told)) await listen(event, (e) => handle(e.payload));
  await Promise.all([refreshStatus(), refreshJournal()]);
  // A new PC opens on the setup; a school that left it halfway comes back to the same step.
  await setup.startSetup();
  for (const m of await invoke("window_ready")) told[m.event]?.(m.payload);
  // Every button answers from here on (the end-to-end tests wait for this).
  document.body.dataset.san = "1";
}

// Modules run after the page is parsed, so the elements are there.
start();
