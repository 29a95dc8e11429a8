; The Windows installer of Sao lưu Trường học, in Vietnamese, built on Linux by
; src-tauri/scripts/package.sh with Debian's makensis. Tauri's own NSIS bundler would download a
; plugin DLL at build time, which cannot be fetched here; this script needs nothing but NSIS.
;
; Per-user: installs under %LOCALAPPDATA%\Programs with no administrator password (a clerk's
; account on a school PC often has none). The uninstaller removes the program, its shortcuts and
; its start-at-login entry; the settings and the backup log on this PC go only when the user ticks
; the box (or passes /XOADULIEU to a silent uninstall); backups on the drives are never touched.
;
; makensis -DVERSION=0.1.0 -DSTAGE=<folder with the exes> -DOUTFILE=<installer.exe> windows.nsi

; 64-bit, like the program it installs (Wine in CI runs 64-bit programs only). A 32-bit Windows
; refuses it with its own message; README says the app needs 64-bit Windows 10 or 11.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not set"
!endif
!ifndef STAGE
  !error "STAGE is not set"
!endif
!ifndef OUTFILE
  !error "OUTFILE is not set"
!endif

!define PRODUCT "Sao lưu Trường học"
!define KEY "SaoLuuTruongHoc"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}"
; The same value tauri-plugin-autostart writes (named after the product), so the app's own
; "Tự khởi động" setting turns this entry on and off afterwards.
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

; The hidden window by which tauri-plugin-single-instance finds the running copy: class
; "<identifier>-sic", title "<identifier>-siw" (identifier from tauri.conf.json).
!define INSTANCE_CLASS "vn.saoluutruonghoc.app-sic"
!define INSTANCE_TITLE "vn.saoluutruonghoc.app-siw"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"
!include "nsDialogs.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${KEY}"
InstallDirRegKey HKCU "Software\${KEY}" "InstallDir"
RequestExecutionLevel user
BrandingText "${PRODUCT} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!define MUI_ICON "${STAGE}\icon.ico"
!define MUI_UNICON "${STAGE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "Cài đặt ${PRODUCT}"
!define MUI_WELCOMEPAGE_TEXT "Chương trình giúp nhà trường sao lưu trang web và dữ liệu eSchool ra ổ rời mỗi tuần, ghi nhật ký sao lưu và khôi phục khi cần.$\r$\n$\r$\nKhông cần mật khẩu quản trị máy tính. Bấm Tiếp để tiếp tục."
!define MUI_FINISHPAGE_RUN "$INSTDIR\saoluu-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT} ngay"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.KeepDataPage un.KeepDataLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

Var RemoveData
Var RemoveDataBox

; A copy running in the tray holds its exe open: ask it to quit (a second launch with --thoat
; hands the request over), and wait for it, at most 30 seconds. A backup it is writing is left
; as an unfinished run, which the next run cleans up.
!macro QuitRunningCopy un
Function ${un}QuitRunningCopy
  FindWindow $0 "${INSTANCE_CLASS}" "${INSTANCE_TITLE}"
  StrCmp $0 0 done
  ExecWait '"$INSTDIR\saoluu-app.exe" --thoat'
  StrCpy $1 0
  wait:
    Sleep 500
    FindWindow $0 "${INSTANCE_CLASS}" "${INSTANCE_TITLE}"
    StrCmp $0 0 done
    IntOp $1 $1 + 1
    IntCmp $1 60 done wait done
  done:
FunctionEnd
!macroend
!insertmacro QuitRunningCopy ""
!insertmacro QuitRunningCopy "un."

Function .onInit
  ; Rust's standard library and the WebView2 runtime both need Windows 10 or later.
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} cần Windows 10 hoặc Windows 11. Máy tính này đang chạy phiên bản Windows cũ hơn nên không cài được. Hãy nhờ bộ phận tin học của trường nâng cấp Windows, hoặc cài trên một máy khác." /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
FunctionEnd

Section "Chương trình" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  Call QuitRunningCopy
  File "${STAGE}\saoluu-app.exe"
  File "${STAGE}\saoluu.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\icon.ico"
  WriteUninstaller "$INSTDIR\go-cai-dat.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\saoluu-app.exe" "" "$INSTDIR\icon.ico"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\saoluu-app.exe" "" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${RUN_KEY}" "${PRODUCT}" '"$INSTDIR\saoluu-app.exe" --an'

  WriteRegStr HKCU "Software\${KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\go-cai-dat.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\go-cai-dat.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  StrCpy $RemoveData 0
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/XOADULIEU" $1
  ${IfNot} ${Errors}
    StrCpy $RemoveData 1
  ${EndIf}
FunctionEnd

Function un.KeepDataPage
  !insertmacro MUI_HEADER_TEXT "Cài đặt và nhật ký trên máy này" "Các bản sao lưu trên ổ rời luôn được giữ nguyên."
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 48u "Gỡ chương trình không xoá các bản sao lưu trên ổ rời. Cài đặt của trường và nhật ký sao lưu trên máy này cũng được giữ lại, để khi cài lại mọi thứ vẫn như cũ."
  Pop $0
  ${NSD_CreateCheckbox} 0 56u 100% 12u "Xoá cả cài đặt và nhật ký sao lưu trên máy này"
  Pop $RemoveDataBox
  nsDialogs::Show
FunctionEnd

Function un.KeepDataLeave
  ${NSD_GetState} $RemoveDataBox $RemoveData
  ${If} $RemoveData == ${BST_CHECKED}
    StrCpy $RemoveData 1
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.QuitRunningCopy
  Delete "$INSTDIR\saoluu-app.exe"
  Delete "$INSTDIR\saoluu.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\go-cai-dat.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegValue HKCU "${RUN_KEY}" "${PRODUCT}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${KEY}"
  ${If} $RemoveData == 1
    ; Where the app keeps settings, the log and the website cache (directories::ProjectDirs).
    RMDir /r "$APPDATA\${KEY}"
  ${EndIf}
SectionEnd
