// The corner window: one question from the reminder rules, answered with a button. The shell
// keeps the question; this page only asks for it and sends the answer back.
"use strict";

const { invoke } = window.__TAURI__.core;
const { listen } = window.__TAURI__.event;
const $ = (id) => document.getElementById(id);

let countdown = null;

function button(label, cls, onClick) {
  const b = document.createElement("button");
  b.textContent = label;
  b.className = cls;
  b.addEventListener("click", onClick);
  return b;
}

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
    button("Sao lưu ngay", "nut-chinh sao-luu-tu-nhac", () => answer("sao-luu")),
    button("Để sau (tôi cắm ổ để khôi phục)", "nut-phu de-sau", () => answer("dong")),
  ], q.body);
  let left = q.notice.countdown;
  if (!left) return;
  const tick = () => { $("cau-hoi").textContent = `${q.title} (${left} giây)`; };
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
  const close = () => button("Đóng", "nut-phu", () => answer("dong"));
  const eject = (d) => button(`Tháo ổ “${d.label}” an toàn`, "nut-chinh thao-o", async () => {
    try {
      await invoke("eject_drive", { root: d.root });
      ask(`Đã tháo ổ “${d.label}”. Có thể rút ổ ra và cất đi.`, [close()]);
    } catch (e) {
      ask(String(e), [close()]);
    }
  });
  ask(q.title, [...drives.map(eject), button("Để sau", "nut-phu de-sau", () => answer("dong"))], q.body);
}

async function show() {
  const q = await invoke("toast_notice").catch(() => null);
  if (!q) return;
  if (q.notice.kind === "plug_prompt") plugPrompt(q);
  else if (q.notice.kind === "offer_eject") await offerEject(q);
  document.body.dataset.san = "1";
}

listen("nhac-moi", show);
show();
