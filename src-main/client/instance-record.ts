/** One instance as SSM Desk shows it: SSM's view (agent, ping) merged with EC2's (state, tags, IPs). */
export interface InstanceRecord {
  instanceId: string;
  /** The Name tag, or SSM's ComputerName for on-prem instances without tags. */
  name: string | undefined;
  tags: Record<string, string>;
  /** EC2 instance state (running, stopped, …); undefined for on-prem (mi-…) instances. */
  state: string | undefined;
  /** SSM PingStatus (Online, ConnectionLost, Inactive); undefined when SSM does not manage it. */
  pingStatus: string | undefined;
  platformType: string | undefined;
  platformName: string | undefined;
  platformVersion: string | undefined;
  agentVersion: string | undefined;
  privateIpAddress: string | undefined;
  privateDnsName: string | undefined;
  instanceType: string | undefined;
  region: string;
  /** The profile it was listed with (undefined = default chain). */
  profile: string | undefined;
  /** Registered with SSM, so sessions can be started (if Online). */
  managed: boolean;
}

export function isConnectable(instance: InstanceRecord): boolean {
  return instance.managed && instance.pingStatus === 'Online';
}
