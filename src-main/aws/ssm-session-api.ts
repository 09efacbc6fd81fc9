import type { SSMClient } from '@aws-sdk/client-ssm';
import { sdkClientConfig, type AwsTarget } from './aws-target.js';

/**
 * The SSM calls a running session needs (spec §8). The SDK is imported on first use: loading it
 * costs about half a second, and `session-manager-plugin --version` must not pay for it.
 */
export class SsmSessionApi {
  private client: Promise<SSMClient> | undefined;

  constructor(private readonly target: AwsTarget) {}

  /** ResumeSession: the new token, or undefined when the service returned none (timed out). */
  async resumeSession(sessionId: string): Promise<string | undefined> {
    const { ResumeSessionCommand } = await import('@aws-sdk/client-ssm');
    const output = await (await this.ssm()).send(new ResumeSessionCommand({ SessionId: sessionId }));
    return output.TokenValue || undefined;
  }

  async terminateSession(sessionId: string): Promise<void> {
    const { TerminateSessionCommand } = await import('@aws-sdk/client-ssm');
    await (await this.ssm()).send(new TerminateSessionCommand({ SessionId: sessionId }));
  }

  private ssm(): Promise<SSMClient> {
    this.client ??= import('@aws-sdk/client-ssm').then(
      async ({ SSMClient }) => new SSMClient(await sdkClientConfig(this.target, 'ssm')),
    );
    return this.client;
  }
}
