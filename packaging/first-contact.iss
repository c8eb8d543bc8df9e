; Inno Setup 6 recipe for the Windows installer of the one-folder build.
;
;   python packaging\build.py
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DSourceDir=dist\first-contact packaging\first-contact.iss
;
; Installs per user (no administrator rights, no UAC prompt) into
; %LOCALAPPDATA%\Programs\First Contact, adds a Start menu entry, and uninstalls the program
; files only: the vault in %LOCALAPPDATA%\first-contact belongs to the worker and council,
; and is removed on purpose (docs/deployment.md), never by an uninstaller.
; Not run on the project's machines (Linux); .github/workflows/windows-build.yml runs it.

#ifndef SourceDir
  #define SourceDir "..\dist\first-contact"
#endif
#define AppVersion "0.1.0"

[Setup]
; A fixed AppId: a newer installer updates the same installation in place.
AppId={{6F1B6C1E-3B7A-4C55-9E0C-6C1F1A2F17A1}
AppName=First Contact
AppVersion={#AppVersion}
AppPublisher=First Contact
DefaultDirName={localappdata}\Programs\First Contact
DefaultGroupName=First Contact
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=first-contact-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The app must not be running while its files are replaced (an update closes it first).
CloseApplications=yes
UninstallDisplayName=First Contact

[Files]
; The whole folder as built; replaced whole on update, so no file of an older build remains.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\First Contact"; Filename: "{app}\first-contact.exe"
Name: "{group}\First Contact (training)"; Filename: "{app}\first-contact.exe"; Parameters: "--training"

[Code]
// The installed build checks itself once, hidden (offscreen, a throwaway training vault in the
// temp folder); a failure is shown to whoever installs, not ignored.
procedure CurStepChanged(CurStep: TSetupStep);
var
  Code: Integer;
begin
  if CurStep = ssPostInstall then
    if not Exec(ExpandConstant('{app}\first-contact.exe'), '--self-test', '', SW_HIDE,
                ewWaitUntilTerminated, Code) or (Code <> 0) then
      MsgBox('First Contact did not pass its self-test (exit code ' + IntToStr(Code) +
             '). Do not use this installation; tell council IT.', mbError, MB_OK);
end;
