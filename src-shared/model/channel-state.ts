import { z } from 'zod';

/** A data channel's connection: dialling, open, lost and being resumed (spec §8), or closed for good. */
export const DataChannelStateSchema = z.enum(['connecting', 'open', 'reconnecting', 'closed']);
export type DataChannelState = z.infer<typeof DataChannelStateSchema>;

/**
 * A surviving port forward: connecting (StartSession and handshake), open (forwarding), reconnecting
 * (socket lost, resuming), restarting (the session is gone; a new one is being started), closed.
 */
export const TunnelStateSchema = z.enum(['connecting', 'open', 'reconnecting', 'restarting', 'closed']);
/**
 * A port forward's state as TunnelEvent reports it: connecting, open (forwarding), reconnecting (socket
 * lost, resuming), restarting (the session is gone; a new one is starting), or closed for good.
 */
export type TunnelState = z.infer<typeof TunnelStateSchema>;
