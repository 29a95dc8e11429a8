// What every part of the window shares: the app's commands and events, the engine's words for
// the window, and a few helpers for drawing. No Vietnamese is written here or in the other
// modules: every sentence comes from the engine (`message/window.rs`) through `say`.

export const { invoke } = window.__TAURI__.core;
export const { listen } = window.__TAURI__.event;
export const $ = (id) => document.getElementById(id);

let words = {};

// Asked once, before anything is drawn.
export async function loadWords() {
  words = await invoke("window_words");
}

// The engine's sentence `key`, with `{name}` filled from `vars`. An unknown key shows itself,
// so a missing sentence is seen (and caught by tests/tests/ui_words.rs) rather than blank.
export function say(key, vars) {
  const template = words[key];
  if (template === undefined) return `[${key}]`;
  return template.replace(/\{(\w+)\}/g, (_, name) => (vars && name in vars ? String(vars[name]) : `{${name}}`));
}

export function when(iso) {
  const d = new Date(iso);
  return d.toLocaleString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

export function text(el, value, cls) {
  el.textContent = value;
  el.className = cls || "";
}

export function button(label, cls, onClick) {
  const b = document.createElement("button");
  b.className = cls || "nut-phu";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

// The line's error, as the engine worded it.
export const fail = (el) => (e) => text(el, String(e), "loi");
