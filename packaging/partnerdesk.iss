; Inno Setup 6 script of the PartnerDesk installer.
;
; Built by `python packaging/build.py --installer` on Windows, which passes the version
; from pyproject.toml and the frozen folder:
;   ISCC /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DBuildDir=...\dist\PartnerDesk
;        /DOutputDir=...\dist packaging\partnerdesk.iss
;
; Per-user install by default (no admin rights): %LOCALAPPDATA%\Programs\PartnerDesk.
; /ALLUSERS (or the dialog's choice) installs for all users under Program Files instead.
; The user's databases, backups, settings and logs live in %LOCALAPPDATA%\PartnerDesk,
; which this installer never writes and the uninstaller never deletes.
; Keep this file ASCII: older ISCC versions read scripts without a BOM as ANSI.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric "0.0.0.0"
#endif
#ifndef BuildDir
  #define BuildDir "..\dist\PartnerDesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

[Setup]
; The AppId identifies PartnerDesk for upgrades and uninstall: never change it.
AppId={{E83D7103-42D5-40C8-AD78-6A2EE9C6936F}
AppName=PartnerDesk
AppVersion={#AppVersion}
AppVerName=PartnerDesk {#AppVersion}
AppPublisher=PartnerDesk developers
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoProductName=PartnerDesk
VersionInfoDescription=PartnerDesk Setup
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install, Program Files for all users.
DefaultDirName={autopf}\PartnerDesk
DefaultGroupName=PartnerDesk
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=PartnerDesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\partnerdesk.exe
SetupIconFile=..\resources\icons\partnerdesk.ico
UninstallDisplayName=PartnerDesk {#AppVersion}
ChangesAssociations=yes
; An upgrade while PartnerDesk runs: ask Windows' Restart Manager to close it first.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
de.TravelFileType=PartnerDesk-Reisekopie
en.TravelFileType=PartnerDesk travel copy

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder's libraries, so files of an older
; version cannot linger and be picked up. User data is not in {app}.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\PartnerDesk"; Filename: "{app}\partnerdesk.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\PartnerDesk"; Filename: "{app}\partnerdesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; .pdtravel travel copies open in PartnerDesk by double-click. HKA is HKCU for a
; per-user install (no admin rights needed) and HKLM for an all-users install.
Root: HKA; Subkey: "Software\Classes\.pdtravel"; ValueType: string; ValueName: ""; ValueData: "PartnerDesk.TravelCopy"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.pdtravel\OpenWithProgids"; ValueType: string; ValueName: "PartnerDesk.TravelCopy"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\PartnerDesk.TravelCopy"; ValueType: string; ValueName: ""; ValueData: "{cm:TravelFileType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\PartnerDesk.TravelCopy\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\partnerdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\PartnerDesk.TravelCopy\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\partnerdesk.exe"" --db ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\partnerdesk.exe\SupportedTypes"; ValueType: string; ValueName: ".pdtravel"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\partnerdesk.exe"; Description: "{cm:LaunchProgram,PartnerDesk}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] on purpose: the uninstaller removes only what it installed.
; Databases, backups and logs in %LOCALAPPDATA%\PartnerDesk stay.
