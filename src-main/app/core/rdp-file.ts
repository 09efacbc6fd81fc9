/**
 * A Remote Desktop Connection file (.rdp) for a tunnelled 3389: the client connects to the local end
 * of the tunnel and asks for the credentials itself (none are written to the file).
 */
export function rdpFile(host: string, port: number): string {
  return [
    `full address:s:${host}:${port}`,
    'prompt for credentials:i:1',
    'administrative session:i:0',
    'screen mode id:i:1',
    'authentication level:i:2',
    '',
  ].join('\r\n');
}
