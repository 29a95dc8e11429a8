//! Backup drives: which disks are plugged in, which of them (or which chosen folders) the school
//! registered as backup drives, and how much room they have.
//!
//! A location becomes a backup drive only through [`init`], which writes a marker file into
//! `SaoLuuTruongHoc/` on it. Backups are written only to registered locations ([`open_target`]); a
//! missing drive is an error, never a reason to fall back to the internal disk.

use crate::error::{Error, IoContext, Result};
use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

#[cfg(windows)]
mod windows;

/// The folder on every backup drive that holds everything the app writes there.
pub const APP_DIR: &str = "SaoLuuTruongHoc";
const MARKER: &str = "o-sao-luu.json";

/// Written once by `drive init`; its id stays with the drive whatever letter or mount point it gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    pub drive_id: String,
    pub school: String,
    pub label: String,
    pub created_at: DateTime<Local>,
    pub app_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriveInfo {
    pub mount_point: PathBuf,
    pub label: String,
    pub file_system: String,
    pub total_bytes: u64,
    pub free_bytes: u64,
    pub removable: bool,
    /// The OS's volume identity where it gives one (the device name otherwise).
    pub volume_id: String,
    /// Present when this drive is a registered backup drive.
    pub marker: Option<Marker>,
}

/// One disk as the OS reports it, before the app looks for its marker on it.
struct OsDisk {
    mount_point: PathBuf,
    /// The volume's label (Windows) or device name (elsewhere).
    name: String,
    file_system: String,
    total_bytes: u64,
    free_bytes: u64,
    removable: bool,
    volume_id: Option<String>,
}

#[cfg(windows)]
fn os_disks() -> Vec<OsDisk> {
    windows::disks()
}

#[cfg(not(windows))]
fn os_disks() -> Vec<OsDisk> {
    // A machine whose disks cannot be listed still has registered folders; an empty list is honest.
    let Ok(disks) = sysinfo::Disks::new_with_refreshed_list() else {
        return Vec::new();
    };
    disks
        .iter()
        .map(|d| OsDisk {
            mount_point: d.mount_point().to_path_buf(),
            name: d.name().to_string_lossy().into_owned(),
            file_system: d.file_system().to_string_lossy().into_owned(),
            total_bytes: d.total_space(),
            free_bytes: d.available_space(),
            removable: d.is_removable(),
            volume_id: volume_id(d.mount_point()),
        })
        .collect()
}

/// Every mounted disk the OS reports.
pub fn list() -> Vec<DriveInfo> {
    let mut out: Vec<DriveInfo> = os_disks()
        .into_iter()
        .map(|d| DriveInfo {
            label: volume_label(&d.mount_point, &d.name),
            file_system: d.file_system,
            total_bytes: d.total_bytes,
            free_bytes: d.free_bytes,
            removable: d.removable,
            volume_id: d.volume_id.unwrap_or(d.name),
            marker: read_marker(&d.mount_point).ok().flatten(),
            mount_point: d.mount_point,
        })
        .collect();
    out.sort_by(|a, b| a.mount_point.cmp(&b.mount_point));
    out.dedup_by(|a, b| a.mount_point == b.mount_point);
    out
}

fn volume_label(mount: &Path, device: &str) -> String {
    mount
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| {
            if device.is_empty() {
                mount.display().to_string()
            } else {
                device.to_string()
            }
        })
}

/// The OS's own identity of the volume mounted at `mount`: the file system UUID on Linux
/// (`/dev/disk/by-uuid`), the volume serial number on Windows. `None` where the OS gives none.
#[cfg(target_os = "linux")]
pub fn volume_id(mount: &Path) -> Option<String> {
    let device = device_of(mount)?;
    fs::read_dir("/dev/disk/by-uuid")
        .ok()?
        .filter_map(|e| e.ok())
        .find(|e| fs::canonicalize(e.path()).ok().as_deref() == Some(device.as_path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
}

/// The block device mounted at `mount` (`/dev/sdb1`).
#[cfg(target_os = "linux")]
pub fn device_of(mount: &Path) -> Option<PathBuf> {
    let mounts = fs::read_to_string("/proc/self/mounts").ok()?;
    // Octal escapes (`\040` for a space) are how the kernel writes odd characters in mount points.
    let unescape = |s: &str| {
        s.replace("\\040", " ")
            .replace("\\011", "\t")
            .replace("\\134", "\\")
    };
    mounts
        .lines()
        // The last mount on a path is the one in effect.
        .rev()
        .filter_map(|l| {
            let mut f = l.split(' ');
            Some((f.next()?, unescape(f.next()?)))
        })
        .filter(|(_, m)| Path::new(m) == mount)
        .map(|(d, _)| fs::canonicalize(d).ok())
        .next()?
}

#[cfg(windows)]
pub fn volume_id(mount: &Path) -> Option<String> {
    windows::volume_information(mount).map(|(_, serial, _)| windows::serial_text(serial))
}

#[cfg(not(any(target_os = "linux", windows)))]
pub fn volume_id(_mount: &Path) -> Option<String> {
    None
}

/// Largest file the file system can hold when it has a limit users meet: FAT32 (and FAT16) store
/// sizes in 32 bits, so no file can reach 4 GiB. exFAT and NTFS have no practical limit.
pub fn max_file_size(file_system: &str) -> Option<u64> {
    let fs = file_system.to_ascii_lowercase();
    matches!(fs.as_str(), "vfat" | "fat" | "fat32" | "fat16" | "msdos").then_some(u32::MAX as u64)
}

/// Reads the marker of a location; `Ok(None)` when it is not a backup drive.
pub fn read_marker(root: &Path) -> Result<Option<Marker>> {
    let path = root.join(APP_DIR).join(MARKER);
    match fs::read(&path) {
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| Error::Config {
                path,
                message: e.to_string(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Registers `root` (a drive's mount point or any folder the user chose) as a backup drive.
/// Registering twice keeps the first marker, so the drive's identity never changes.
pub fn init(root: &Path, school: &str) -> Result<Marker> {
    if !root.is_dir() {
        return Err(Error::TargetMissing(root.to_path_buf()));
    }
    if let Some(m) = read_marker(root)? {
        return Ok(m);
    }
    let dir = root.join(APP_DIR);
    fs::create_dir_all(&dir).at(&dir)?;
    let marker = Marker {
        drive_id: uuid::Uuid::new_v4().to_string(),
        school: school.to_string(),
        label: volume_label(root, ""),
        created_at: Local::now(),
        app_version: crate::APP_VERSION.to_string(),
    };
    let json = serde_json::to_vec_pretty(&marker).expect("marker serialises");
    crate::archive::write_atomically(&dir.join(MARKER), &json)?;
    Ok(marker)
}

/// Gives a registered drive the name people call it by ("USB của cô Lan"), written on the drive.
pub fn relabel(root: &Path, label: &str) -> Result<Marker> {
    let mut m = open_target(root)?.marker;
    let label = label.trim();
    if label.is_empty() {
        return Err(Error::BadSetting {
            name: "tên ổ",
            value: String::new(),
        });
    }
    m.label = label.to_string();
    let json = serde_json::to_vec_pretty(&m).expect("marker serialises");
    crate::archive::write_atomically(&root.join(APP_DIR).join(MARKER), &json)?;
    Ok(m)
}

/// A registered backup drive, opened for writing.
#[derive(Debug, Clone)]
pub struct Target {
    pub root: PathBuf,
    pub marker: Marker,
}

impl Target {
    pub fn app_dir(&self) -> PathBuf {
        self.root.join(APP_DIR)
    }

    pub fn free_bytes(&self) -> Result<u64> {
        fs4::available_space(&self.root).at(&self.root)
    }

    /// The file system's name when the OS reports one for this location ("vfat", "FAT32", "NTFS", …).
    pub fn file_system(&self) -> Option<String> {
        list()
            .into_iter()
            .filter(|d| crate::paths::within(&self.root, &d.mount_point))
            .max_by_key(|d| d.mount_point.as_os_str().len())
            .map(|d| d.file_system)
    }
}

/// Opens a registered target; refuses missing and unregistered locations.
pub fn open_target(root: &Path) -> Result<Target> {
    if !root.is_dir() {
        return Err(Error::TargetMissing(root.to_path_buf()));
    }
    match read_marker(root)? {
        Some(marker) => Ok(Target {
            root: root.to_path_buf(),
            marker,
        }),
        None => Err(Error::TargetNotRegistered(root.to_path_buf())),
    }
}

/// A backup location as a person names it (typed, chosen, or given to the CLI): the drive or
/// folder that holds the app's folder, or the app's folder itself. A folder that is neither is
/// no backup, whatever the reason.
pub fn open_typed(typed: &Path) -> Result<Target> {
    let root = match typed.parent() {
        Some(parent) if typed.join(MARKER).is_file() && !typed.join(APP_DIR).is_dir() => parent,
        _ => typed,
    };
    open_target(root).map_err(|e| match e {
        Error::TargetNotRegistered(_) => Error::NotABackup(typed.to_path_buf()),
        other => other,
    })
}

/// What is plugged in now: registered backup locations, and removable drives that are not
/// registered (the app says so rather than writing to them).
#[derive(Debug, Clone, Default)]
pub struct Plugged {
    pub targets: Vec<Target>,
    pub unregistered: Vec<DriveInfo>,
}

/// Removable drives without a marker: plugged in, but not (yet) backup drives.
pub fn unregistered(drives: &[DriveInfo]) -> Vec<DriveInfo> {
    drives
        .iter()
        .filter(|d| d.removable && d.marker.is_none())
        .cloned()
        .collect()
}

pub fn plugged(extra_folders: &[PathBuf]) -> Plugged {
    let drives = list();
    Plugged {
        unregistered: unregistered(&drives),
        targets: targets_among(drives, extra_folders),
    }
}

/// Registered backup locations that are reachable now: plugged-in disks carrying a marker, plus
/// folders the school registered (they have no disk of their own in the OS list).
pub fn present_targets(extra_folders: &[PathBuf]) -> Vec<Target> {
    targets_among(list(), extra_folders)
}

fn targets_among(drives: Vec<DriveInfo>, extra_folders: &[PathBuf]) -> Vec<Target> {
    let mut out: Vec<Target> = drives
        .into_iter()
        .filter_map(|d| {
            d.marker.map(|marker| Target {
                root: d.mount_point,
                marker,
            })
        })
        .collect();
    for f in extra_folders {
        if let Ok(t) = open_target(f) {
            if !out.iter().any(|o| o.marker.drive_id == t.marker.drive_id) {
                out.push(t);
            }
        }
    }
    out
}

/// The one registered target reachable now, for "back up to the drive that is plugged in".
pub fn the_present_target(extra_folders: &[PathBuf]) -> Result<PathBuf> {
    let present = present_targets(extra_folders);
    match present.as_slice() {
        [one] => Ok(one.root.clone()),
        [] => Err(Error::NoTargetPresent),
        _ => Err(Error::TargetAmbiguous(
            present.into_iter().map(|t| t.root).collect(),
        )),
    }
}

/// Polls for drives appearing and disappearing (registered or not) and calls `on_change` with
/// what is plugged in now.
/// Polling is the baseline every OS supports; `every` of 2 s notices a plugged drive within 3 s.
pub fn watch<E, F>(
    every: std::time::Duration,
    extra_folders: E,
    on_change: F,
) -> std::io::Result<std::thread::JoinHandle<()>>
where
    E: Fn() -> Vec<PathBuf> + Send + 'static,
    F: Fn(&Plugged) + Send + 'static,
{
    std::thread::Builder::new()
        .name("drive-watch".into())
        .spawn(move || {
            let mut last: Option<Vec<(String, PathBuf)>> = None;
            loop {
                let now = plugged(&extra_folders());
                let mut key: Vec<(String, PathBuf)> = now
                    .targets
                    .iter()
                    .map(|t| (t.marker.drive_id.clone(), t.root.clone()))
                    .chain(
                        now.unregistered
                            .iter()
                            .map(|d| (String::new(), d.mount_point.clone())),
                    )
                    .collect();
                key.sort();
                if last.as_ref() != Some(&key) {
                    on_change(&now);
                    last = Some(key);
                }
                std::thread::sleep(every);
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_backup_is_the_drive_or_its_app_folder_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let usb = dir.path().join("USB");
        fs::create_dir(&usb).unwrap();
        init(&usb, "Trường Mầm non Sơn Ca").unwrap();
        assert_eq!(open_typed(&usb).unwrap().root, usb);
        assert_eq!(open_typed(&usb.join(APP_DIR)).unwrap().root, usb);
        // A plain folder is no backup, and is called that rather than "not registered".
        let plain = dir.path().join("Tài liệu");
        fs::create_dir(&plain).unwrap();
        assert!(matches!(open_typed(&plain), Err(Error::NotABackup(p)) if p == plain));
        assert!(matches!(
            open_typed(&dir.path().join("không có")),
            Err(Error::TargetMissing(_))
        ));
    }

    #[test]
    fn init_writes_marker_once_and_open_accepts_only_registered() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            open_target(dir.path()),
            Err(Error::TargetNotRegistered(_))
        ));
        let first = init(dir.path(), "Trường Mầm non Sơn Ca").unwrap();
        let again = init(dir.path(), "Tên khác").unwrap();
        assert_eq!(first, again);
        let t = open_target(dir.path()).unwrap();
        assert_eq!(t.marker.school, "Trường Mầm non Sơn Ca");
        assert!(t.free_bytes().unwrap() > 0);
    }

    #[test]
    fn a_drive_keeps_its_id_when_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let first = init(dir.path(), "Trường A").unwrap();
        let renamed = relabel(dir.path(), " USB của cô Lan ").unwrap();
        assert_eq!(renamed.label, "USB của cô Lan");
        assert_eq!(renamed.drive_id, first.drive_id);
        assert_eq!(open_target(dir.path()).unwrap().marker, renamed);
        assert!(relabel(dir.path(), "  ").is_err());
    }

    #[test]
    fn missing_target_never_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("E-drive-unplugged");
        assert!(matches!(open_target(&gone), Err(Error::TargetMissing(_))));
        assert!(matches!(init(&gone, "x"), Err(Error::TargetMissing(_))));
    }

    #[test]
    fn watcher_notices_a_folder_target_appearing_and_disappearing() {
        let dir = tempfile::tempdir().unwrap();
        let usb = dir.path().join("usb");
        std::fs::create_dir(&usb).unwrap();
        init(&usb, "Trường A").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let watched = vec![usb.clone()];
        watch(
            std::time::Duration::from_millis(50),
            move || watched.clone(),
            move |p: &Plugged| {
                let _ = tx.send(
                    p.targets
                        .iter()
                        .filter(|t| t.marker.school == "Trường A")
                        .count(),
                );
            },
        )
        .unwrap();
        let wait = std::time::Duration::from_secs(3);
        assert_eq!(rx.recv_timeout(wait).unwrap(), 1);
        std::fs::rename(&usb, dir.path().join("unplugged")).unwrap();
        assert_eq!(rx.recv_timeout(wait).unwrap(), 0);
        std::fs::rename(dir.path().join("unplugged"), &usb).unwrap();
        assert_eq!(rx.recv_timeout(wait).unwrap(), 1);
    }

    #[test]
    fn removable_drives_without_marker_are_reported_unregistered() {
        let dir = tempfile::tempdir().unwrap();
        let registered = dir.path().join("a");
        std::fs::create_dir(&registered).unwrap();
        let marker = init(&registered, "Trường A").unwrap();
        let disk = |mount: &str, removable: bool, marker: Option<Marker>| DriveInfo {
            mount_point: PathBuf::from(mount),
            label: mount.into(),
            file_system: "vfat".into(),
            total_bytes: 1,
            free_bytes: 1,
            removable,
            volume_id: String::new(),
            marker,
        };
        let drives = [
            disk("/media/usb-moi", true, None),
            disk("/media/usb-truong", true, Some(marker)),
            disk("/", false, None),
        ];
        let names: Vec<_> = unregistered(&drives).into_iter().map(|d| d.label).collect();
        assert_eq!(names, ["/media/usb-moi"]);
    }

    #[test]
    fn fat_file_systems_cap_file_size() {
        for fs in ["vfat", "FAT32", "msdos"] {
            assert_eq!(max_file_size(fs), Some(4 * 1024 * 1024 * 1024 - 1), "{fs}");
        }
        for fs in ["exfat", "NTFS", "ext4", "apfs", "tmpfs"] {
            assert_eq!(max_file_size(fs), None, "{fs}");
        }
    }

    #[test]
    fn listing_reports_mounted_disks() {
        // Every machine that runs the tests has at least the disk holding its temp folder.
        assert!(!list().is_empty());
    }
}
