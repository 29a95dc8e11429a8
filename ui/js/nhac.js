// The corner window: one question from the reminder rules, answered with a button. The shell
// keeps the question; this page only asks for it and sends the answer back.

import { $, invoke, listen, loadWords, say, button } from "./common.js";

let countdown = null;

const answer = (choice) => invoke("toast_answer", { answer: choice }).catch(() => {});

function ask(sentence, buttons, detail) {
  clearInterval(countdown);
  $("cau-hoi").textContent = sentence;
  $("chi-tiet-nhac").textContent = detail || "";
  $("nut-nhac").replaceChildren(...buttons);
}

// A due drive was plugged in. Starting needs a click unless the school chose the countdown,
// because the drive may have been plugged in to restore.
function plugPrompt(q) {
  ask(q.title, [
    button(say("backup-now"), "nut-chinh sao-luu-tu-nhac", () => answer("sao-luu")),
    button(say("later-restoring"), "nut-phu de-sau", () => answer("dong")),
  ], q.body);
  let left = q.notice.countdown;
  if (!left) return;
  const tick = () => { $("cau-hoi").textContent = say("countdown", { title: q.title, n: left }); };
  tick();
  countdown = setInterval(() => {
    left -= 1;
    tick();
    if (left <= 0) {
      clearInterval(countdown);
      answer("sao-luu");
    }
  }, 1000);
}

// After a good run: take the drive out, so ransomware on this PC cannot reach it.
async function offerEject(q) {
  const status = await invoke("status").catch(() => null);
  const drives = (status && status.drives) || [];
  const close = () => button(say("close"), "nut-phu", () => answer("dong"));
  const eject = (d) => button(say("eject-drive", { label: d.label }), "nut-chinh thao-o", async () => {
    try {
      await invoke("eject_drive", { root: d.root });
      ask(say("drive-ejected", { label: d.label }), [close()]);
    } catch (e) {
      ask(String(e), [close()]);
    }
  });
  ask(q.title, [...drives.map(eject), button(say("later"), "nut-phu de-sau", () => answer("dong"))], q.body);
}

async function show() {
  const q = await invoke("toast_notice").catch(() => null);
  if (!q) return;
  if (q.notice.kind === "plug_prompt") plugPrompt(q);
  else if (q.notice.kind === "offer_eject") await offerEject(q);
  document.body.dataset.san = "1";
}

await loadWords();
listen("nhac-moi", show);
show();
