import { randomUUID } from 'node:crypto';
import type { SsoLogin } from '../../../src-shared/model/identity.js';
import { ssoDeviceLogin } from '../../aws/sso-device-login.js';
import { toErrorInfo } from '../../client/error-info.js';
import { ContractFailure } from './contract-failure.js';

export interface SsoLoginHooks {
  changed(login: SsoLogin): void;
  /** Opens the verification page in the system browser. */
  openPage(url: string): Promise<void>;
  /** The profile is signed in: its credentials are fetched again and its instances listed. */
  signedIn(profile: string): void;
}

/**
 * IAM Identity Center sign-ins the app runs (the device authorization flow, as `aws sso login`):
 * the verification page opens in the system browser, views show the code, and the token cache is
 * written where the AWS CLI reads it, so `aws` and the app share one sign-in.
 */
export class SsoLogins {
  private readonly running = new Map<string, { login: SsoLogin; abort: AbortController }>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly hooks: SsoLoginHooks,
  ) {}

  /** Starts a sign-in; resolves with the code to show (or the outcome, if it came first). */
  start(profile: string): Promise<SsoLogin> {
    for (const { login } of this.running.values()) {
      if (login.profile === profile && login.state === 'waiting') return Promise.resolve(login);
    }
    const loginId = randomUUID();
    const abort = new AbortController();
    const entry = { login: { loginId, profile, state: 'waiting' } as SsoLogin, abort };
    this.running.set(loginId, entry);
    return new Promise<SsoLogin>((resolve) => {
      const update = (login: SsoLogin): void => {
        entry.login = login;
        this.hooks.changed(login);
      };
      ssoDeviceLogin({
        profile,
        env: this.env,
        signal: abort.signal,
        onAuthorization: (prompt) => {
          update({
            ...entry.login,
            verificationUri: prompt.verificationUri,
            ...(prompt.verificationUriComplete
              ? { verificationUriComplete: prompt.verificationUriComplete }
              : {}),
            userCode: prompt.userCode,
            expiresAt: prompt.expiresAt.getTime(),
          });
          resolve(entry.login);
          void this.hooks.openPage(prompt.verificationUriComplete ?? prompt.verificationUri);
        },
      }).then(
        () => {
          update({ ...entry.login, state: 'done' });
          this.running.delete(loginId);
          this.hooks.signedIn(profile);
          resolve(entry.login);
        },
        (error: unknown) => {
          update({ ...entry.login, state: 'failed', error: toErrorInfo(error) });
          this.running.delete(loginId);
          resolve(entry.login);
        },
      );
    });
  }

  cancel(loginId: string): void {
    const entry = this.running.get(loginId);
    if (!entry) throw new ContractFailure('not-found', 'that sign-in is no longer running');
    entry.abort.abort();
  }

  cancelAll(): void {
    for (const { abort } of this.running.values()) abort.abort();
  }
}
