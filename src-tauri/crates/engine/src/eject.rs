//! Safely removing the backup drive after a good run, through the OS's own facility: udisks on
//! Linux, the shell's "Eject" verb on Windows, `diskutil` on macOS. A drive left plugged in can be
//! encrypted by ransomware together with the PC; one taken out and put away cannot.

use crate::error::{Error, Result};
use std::path::Path;

/// The commands that eject the volume mounted at `mount` (block `device` on Linux), in order.
pub fn commands(os: &str, mount: &Path, device: Option<&Path>) -> Vec<Vec<String>> {
    let m = mount.display().to_string();
    match os {
        "linux" => match device {
            Some(d) => {
                let d = d.display().to_string();
                vec![
                    vec![
                        "udisksctl".into(),
                        "unmount".into(),
                        "--block-device".into(),
                        d.clone(),
                    ],
                    vec![
                        "udisksctl".into(),
                        "power-off".into(),
                        "--block-device".into(),
                        d,
                    ],
                ]
            }
            None => vec![],
        },
        "windows" => {
            // `E:\` → `E:`, which the shell's "Computer" folder (17) knows the drive by.
            let letter = m.trim_end_matches(['\\', '/']).replace('\'', "''");
            vec![vec![
                "powershell".into(),
                "-NoProfile".into(),
                "-Command".into(),
                format!("(New-Object -ComObject Shell.Application).Namespace(17).ParseName('{letter}').InvokeVerb('Eject')"),
            ]]
        }
        "macos" => vec![vec!["diskutil".into(), "eject".into(), m]],
        _ => vec![],
    }
}

/// Ejects the removable drive mounted at `root`. A folder or a fixed disk is refused with a
/// sentence that says nothing needs doing.
pub fn eject(root: &Path) -> Result<()> {
    let disk = crate::drive::list()
        .into_iter()
        .find(|d| d.removable && crate::paths::same(&d.mount_point, root))
        .ok_or_else(|| Error::NotEjectable(root.to_path_buf()))?;
    #[cfg(target_os = "linux")]
    let device = crate::drive::device_of(&disk.mount_point);
    #[cfg(not(target_os = "linux"))]
    let device: Option<std::path::PathBuf> = None;
    let steps = commands(std::env::consts::OS, &disk.mount_point, device.as_deref());
    if steps.is_empty() {
        return Err(Error::NotEjectable(root.to_path_buf()));
    }
    for step in steps {
        let out = std::process::Command::new(&step[0])
            .args(&step[1..])
            .output()
            .map_err(|e| Error::EjectFailed {
                root: root.to_path_buf(),
                message: e.to_string(),
            })?;
        if !out.status.success() {
            return Err(Error::EjectFailed {
                root: root.to_path_buf(),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_os_uses_its_own_facility() {
        let linux = commands(
            "linux",
            Path::new("/media/usb"),
            Some(Path::new("/dev/sdb1")),
        );
        assert_eq!(
            linux[0],
            ["udisksctl", "unmount", "--block-device", "/dev/sdb1"]
        );
        assert_eq!(linux[1][1], "power-off");
        let win = commands("windows", Path::new("E:\\"), None);
        assert!(
            win[0][3].contains("ParseName('E:').InvokeVerb('Eject')"),
            "{win:?}"
        );
        assert_eq!(
            commands("macos", Path::new("/Volumes/SAOLUU"), None)[0],
            ["diskutil", "eject", "/Volumes/SAOLUU"]
        );
        assert!(commands("linux", Path::new("/x"), None).is_empty());
    }

    #[test]
    fn a_folder_is_not_ejected() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(eject(dir.path()), Err(Error::NotEjectable(_))));
    }
}
