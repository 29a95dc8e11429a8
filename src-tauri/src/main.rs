// Packaged builds (`custom-protocol`, as `tauri build` and package.sh make them) are GUI programs
// on Windows: no console window behind the app.
#![cfg_attr(feature = "custom-protocol", windows_subsystem = "windows")]

fn main() {
    saoluu_app::run()
}
