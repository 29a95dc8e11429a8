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
function plugPrompt(n) {
  const base = `Ổ sao lưu “${n.label}” đã được cắm. Sao lưu ngay?`;
  ask(base, [
    button("Sao lưu ngay", "nut-chinh sao-luu-tu-nhac", () => answer("sao-luu")),
    button("Để sau (tôi cắm ổ để khôi phục)", "nut-phu de-sau", () => answer("dong")),
  ], `Đến hạn: ${n.due.join("; ")}`);
  if (n.countdown) {
    let left = n.countdown;
    $("cau-hoi").textContent = `${base} Tự bắt đầu sau ${left} giây.`;
    countdown = setInterval(() => {
      left -= 1;
      $("cau-hoi").textContent = `${base} Tự bắt đầu sau ${left} giây.`;
      if (left <= 0) {
        clearInterval(countdown);
        answer("sao-luu");
      }
    }, 1000);
  }
}

// After a good run: take the drive out, so ransomware on this PC cannot reach it.
async function offerEject(n) {
  const drives = await invoke("toast_drives").catch(() => []);
  const close = button("Để sau", "nut-phu de-sau", () => answer("dong"));
  const eject = ([label, root]) => button(`Tháo ổ “${label}” an toàn`, "nut-chinh thao-o", async () => {
    try {
      await invoke("eject_drive", { root });
      ask(`Đã tháo ổ “${label}”. Có thể rút ổ ra và cất đi.`, [button("Đóng", "nut-phu", () => answer("dong"))]);
    } catch (e) {
      ask(String(e), [button("Đóng", "nut-phu", () => answer("dong"))]);
    }
  });
  ask(`Sao lưu xong. Hãy tháo ổ “${n.label}” an toàn rồi cất đi: ổ đang cắm có thể bị mã độc trên máy mã hoá cùng lúc.`,
    [...drives.map(eject), close]);
}

async function show() {
  const n = await invoke("toast_notice").catch(() => null);
  if (!n) return;
  if (n.kind === "plug_prompt") plugPrompt(n);
  else if (n.kind === "offer_eject") await offerEject(n);
  document.body.dataset.san = "1";
}

listen("nhac-moi", show);
show();
