/** The client's first text frame (spec §3), as the service validates it. */
export interface OpenDataChannelRequest {
  tokenValue: string;
  clientId: string;
  clientVersion: string | undefined;
}

export function parseOpenDataChannel(text: string): OpenDataChannelRequest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (fields.MessageSchemaVersion !== '1.0') return undefined;
  if (typeof fields.RequestId !== 'string' || typeof fields.TokenValue !== 'string') return undefined;
  if (typeof fields.ClientId !== 'string' && typeof fields.ClientInstanceId !== 'string') return undefined;
  return {
    tokenValue: fields.TokenValue,
    clientId: typeof fields.ClientId === 'string' ? fields.ClientId : String(fields.ClientInstanceId),
    clientVersion: typeof fields.ClientVersion === 'string' ? fields.ClientVersion : undefined,
  };
}
