import { z } from 'zod';

/** One instance as SSM Desk shows it: SSM's view (agent, ping) merged with EC2's (state, tags, IPs). */
export const InstanceRecordSchema = z.object({
  instanceId: z.string(),
  /** The Name tag, or SSM's ComputerName for on-prem instances without tags. */
  name: z.string().optional(),
  tags: z.record(z.string(), z.string()),
  /** EC2 instance state (running, stopped, …); undefined for on-prem (mi-…) instances. */
  state: z.string().optional(),
  /** SSM PingStatus (Online, ConnectionLost, Inactive); undefined when SSM does not manage it. */
  pingStatus: z.string().optional(),
  platformType: z.string().optional(),
  platformName: z.string().optional(),
  platformVersion: z.string().optional(),
  agentVersion: z.string().optional(),
  privateIpAddress: z.string().optional(),
  privateDnsName: z.string().optional(),
  instanceType: z.string().optional(),
  region: z.string(),
  /** The profile it was listed with (undefined = default chain). */
  profile: z.string().optional(),
  /** Registered with SSM, so sessions can be started (if Online). */
  managed: z.boolean(),
});
/**
 * One instance as listInstances() and resolveTarget() give it: SSM's view (agent, ping status) merged
 * with EC2's (state, tags, IPs), and the region and profile it was listed with. Plain, serializable data.
 */
export type InstanceRecord = z.infer<typeof InstanceRecordSchema>;

/**
 * Whether a session can be started to the instance now: SSM manages it and its agent is Online. Filter
 * or grey out the others, or StartSession fails with `target-not-connected`.
 */
export function isConnectable(instance: InstanceRecord): boolean {
  return instance.managed && instance.pingStatus === 'Online';
}
