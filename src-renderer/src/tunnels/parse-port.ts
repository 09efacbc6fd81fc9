/**
 * A port typed in a form (the tunnel form, Forward port): a whole number up to 65535, or
 * undefined when it is not one. 0 ("any free port") only where `allowZero` says so.
 */
export function parsePort(text: string, allowZero: boolean): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text);
  return port <= 65_535 && (port >= 1 || (allowZero && port === 0)) ? port : undefined;
}
