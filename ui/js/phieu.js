// The recovery sheet's print view: the sheet comes from the engine into this window's memory and
// is printed from here, so the passphrase it shows is never written to a file.
import { invoke, $, fail } from "./common.js";

async function show() {
  const out = $("noi-dung-phieu");
  try {
    // The engine escapes every value it puts in the sheet.
    out.innerHTML = await invoke("recovery_sheet_body");
  } catch (e) {
    fail(out)(e);
  }
}

$("in-phieu-nay").addEventListener("click", () => window.print());
$("dong-phieu").addEventListener("click", () => window.close());
show().finally(() => { document.body.dataset.san = "1"; });
