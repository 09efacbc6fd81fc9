import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The platform's standard application menu: the app menu on macOS, Edit (so copy/paste shortcuts
 * work in text fields), View (reload, zoom, full screen; developer tools only in development),
 * Window and Help. Terminal shortcuts (new tab, find …) belong to the renderer, which handles them
 * in the terminal apps' habits.
 */
export function installAppMenu(options: { development: boolean; onAbout(): void }): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.development ? [{ role: 'toggleDevTools' } as MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About SSM Desk', click: options.onAbout }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
