//! Disks on Windows, by drive letter, the way Explorer shows them: `GetLogicalDriveStringsW` for
//! the letters, the drive type and the storage bus for "removable", the volume's label, serial and
//! file system (FAT32 / exFAT / NTFS decides whether a run is split). sysinfo enumerates volume
//! GUIDs instead, which misses drives mapped to folders and lists volumes that have no letter.

use std::os::windows::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
use windows_sys::Win32::Storage::FileSystem::{
    BusType1394, BusTypeMmc, BusTypeSd, BusTypeUsb, CreateFileW, GetDiskFreeSpaceExW,
    GetDriveTypeW, GetLogicalDriveStringsW, GetVolumeInformationW, FILE_SHARE_READ,
    FILE_SHARE_WRITE, OPEN_EXISTING,
};
use windows_sys::Win32::System::Diagnostics::Debug::{SetThreadErrorMode, SEM_FAILCRITICALERRORS};
use windows_sys::Win32::System::Ioctl::{
    PropertyStandardQuery, StorageDeviceProperty, IOCTL_STORAGE_QUERY_PROPERTY,
    STORAGE_DEVICE_DESCRIPTOR, STORAGE_PROPERTY_QUERY,
};
use windows_sys::Win32::System::WindowsProgramming::{DRIVE_FIXED, DRIVE_RAMDISK, DRIVE_REMOVABLE};
use windows_sys::Win32::System::IO::DeviceIoControl;

use super::OsDisk;

fn wide(s: &str) -> Vec<u16> {
    std::ffi::OsStr::new(s)
        .encode_wide()
        .chain(std::iter::once(0))
        .collect()
}

/// The volume's label, serial number and file system name, for a root such as `E:\`.
pub(super) fn volume_information(root: &Path) -> Option<(String, u32, String)> {
    // The API wants the root with a trailing backslash, NUL-terminated: `E:\`.
    let mut r: Vec<u16> = root.as_os_str().encode_wide().collect();
    if r.last() != Some(&(b'\\' as u16)) && r.last() != Some(&(b'/' as u16)) {
        r.push(b'\\' as u16);
    }
    r.push(0);
    let mut label = [0u16; 261];
    let mut fs = [0u16; 261];
    let mut serial = 0u32;
    // SAFETY: every buffer outlives the call and its length is the one passed.
    let ok = unsafe {
        GetVolumeInformationW(
            r.as_ptr(),
            label.as_mut_ptr(),
            label.len() as u32,
            &mut serial,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            fs.as_mut_ptr(),
            fs.len() as u32,
        )
    };
    let text = |b: &[u16]| {
        let n = b.iter().position(|c| *c == 0).unwrap_or(b.len());
        String::from_utf16_lossy(&b[..n])
    };
    (ok != 0).then(|| (text(&label), serial, text(&fs)))
}

/// An external hard disk on USB reports itself as a fixed drive; its storage bus says otherwise.
fn on_removable_bus(letter: char) -> bool {
    let device = wide(&format!("\\\\.\\{letter}:"));
    // SAFETY: `device` is NUL-terminated; no access rights are asked, only the device's properties.
    let handle = unsafe {
        CreateFileW(
            device.as_ptr(),
            0,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            0,
            std::ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return false;
    }
    let query = STORAGE_PROPERTY_QUERY {
        PropertyId: StorageDeviceProperty,
        QueryType: PropertyStandardQuery,
        AdditionalParameters: [0],
    };
    // The descriptor is followed by variable-length strings: room for them, aligned for the struct.
    let mut buf = vec![0u64; 128];
    let mut got = 0u32;
    // SAFETY: the query and buffer live through the call, with their true sizes.
    let ok = unsafe {
        DeviceIoControl(
            handle,
            IOCTL_STORAGE_QUERY_PROPERTY,
            (&query as *const STORAGE_PROPERTY_QUERY).cast(),
            std::mem::size_of::<STORAGE_PROPERTY_QUERY>() as u32,
            buf.as_mut_ptr().cast(),
            (buf.len() * 8) as u32,
            &mut got,
            std::ptr::null_mut(),
        )
    };
    // SAFETY: the handle was opened above and is closed once.
    unsafe { CloseHandle(handle) };
    if ok == 0 || (got as usize) < std::mem::size_of::<STORAGE_DEVICE_DESCRIPTOR>() {
        return false;
    }
    // SAFETY: the OS filled at least one whole descriptor at the start of the aligned buffer.
    let d = unsafe { &*(buf.as_ptr() as *const STORAGE_DEVICE_DESCRIPTOR) };
    d.RemovableMedia || [BusTypeUsb, BusType1394, BusTypeSd, BusTypeMmc].contains(&d.BusType)
}

/// Every lettered disk that has a medium in it. CD drives and network shares are left out: the
/// app never writes backups to either on its own.
pub(super) fn disks() -> Vec<OsDisk> {
    let mut buf = [0u16; 4 * 26 + 1];
    // SAFETY: the buffer's length in characters is what is passed.
    let n = unsafe { GetLogicalDriveStringsW(buf.len() as u32, buf.as_mut_ptr()) } as usize;
    if n == 0 || n > buf.len() {
        return Vec::new();
    }
    // An empty card reader slot must not make Windows ask "insert a disk" while we only look.
    let mut old_mode = 0;
    // SAFETY: sets this thread's mode and gives back the previous one, restored below.
    unsafe { SetThreadErrorMode(SEM_FAILCRITICALERRORS, &mut old_mode) };
    let mut out = Vec::new();
    for root in buf[..n].split(|c| *c == 0).filter(|r| !r.is_empty()) {
        let root_s = String::from_utf16_lossy(root);
        let mut root_w = root.to_vec();
        root_w.push(0);
        // SAFETY: NUL-terminated root such as `E:\`.
        let kind = unsafe { GetDriveTypeW(root_w.as_ptr()) };
        if !matches!(kind, DRIVE_REMOVABLE | DRIVE_FIXED | DRIVE_RAMDISK) {
            continue;
        }
        let mount = PathBuf::from(&root_s);
        let Some((label, serial, file_system)) = volume_information(&mount) else {
            continue; // a reader with no card in it
        };
        let wroot = wide(&root_s);
        let (mut free, mut total) = (0u64, 0u64);
        // SAFETY: NUL-terminated root; the outputs are plain integers.
        unsafe { GetDiskFreeSpaceExW(wroot.as_ptr(), &mut free, &mut total, std::ptr::null_mut()) };
        let letter = root_s.chars().next().unwrap_or('C');
        let removable = kind == DRIVE_REMOVABLE || on_removable_bus(letter);
        // Named as Explorer names it: "USB CÔ LAN (E:)", or by its kind when it has no label.
        let name = match label.trim() {
            "" if removable => format!("Ổ rời ({letter}:)"),
            "" => format!("Ổ đĩa ({letter}:)"),
            l => format!("{l} ({letter}:)"),
        };
        out.push(OsDisk {
            name,
            file_system,
            total_bytes: total,
            free_bytes: free,
            removable,
            volume_id: Some(serial_text(serial)),
            mount_point: mount,
        });
    }
    // SAFETY: restores the mode read above.
    unsafe { SetThreadErrorMode(old_mode, std::ptr::null_mut()) };
    out
}

/// Shown the way `vol` and Explorer show it: XXXX-XXXX.
pub(super) fn serial_text(serial: u32) -> String {
    format!("{:04X}-{:04X}", serial >> 16, serial & 0xFFFF)
}
