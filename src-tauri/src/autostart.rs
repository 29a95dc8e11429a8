//! Starting at login, as the school chose in the settings (on unless turned off). Started at
//! login the app goes straight to the tray (`--an`).

use tauri::AppHandle;

pub fn apply(app: &AppHandle, data: &saoluu_engine::appdata::AppData) {
    use tauri_plugin_autostart::ManagerExt;
    let off = saoluu_engine::config::Config::load(data)
        .map(|c| c.no_autostart)
        .unwrap_or(false);
    let launcher = app.autolaunch();
    let _ = if off {
        launcher.disable()
    } else {
        launcher.enable()
    };
}
