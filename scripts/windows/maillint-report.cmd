@echo off
rem maillint: write the report of this computer's mail settings to the Desktop.
rem Double-click this file. It needs maillint.exe in the same folder. The report
rem holds no password. (Part of the maillint release archive; see README.md.)
setlocal
set "DESKTOP="
rem The Desktop may have moved (OneDrive): ask Windows where it is.
for /f "usebackq delims=" %%D in (`powershell -NoProfile -Command "[Environment]::GetFolderPath('Desktop')" 2^>nul`) do set "DESKTOP=%%D"
if not defined DESKTOP set "DESKTOP=%USERPROFILE%\Desktop"
set "REPORT=%DESKTOP%\maillint-report.md"
"%~dp0maillint.exe" report -o "%REPORT%"
if errorlevel 2 goto failed
echo.
echo maillint-report.md : %REPORT%
rem MAILLINT_NO_PAUSE: for the Wine test only (no window, no key to press).
if defined MAILLINT_NO_PAUSE exit /b 0
explorer.exe /select,"%REPORT%"
pause
exit /b 0
:failed
echo.
echo maillint: the report could not be written (see the line above).
if not defined MAILLINT_NO_PAUSE pause
exit /b 2
