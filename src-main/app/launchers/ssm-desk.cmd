@echo off
rem The `ssm-desk` and `session-manager-plugin` commands of the desktop app on Windows (one script
rem under both names, in resources\bin): the app's own binary run as Node (ELECTRON_RUN_AS_NODE).
setlocal
set "RESOURCES=%~dp0.."
set "ROOT=%RESOURCES%\app"
if exist "%RESOURCES%\app.asar" set "ROOT=%RESOURCES%\app.asar"
set "ENTRY=cli"
if /i "%~n0"=="session-manager-plugin" set "ENTRY=plugin"
set "ELECTRON_RUN_AS_NODE=1"
"%RESOURCES%\..\SSM Desk.exe" "%ROOT%\dist\src-main\%ENTRY%\main.js" %*
exit /b %ERRORLEVEL%
