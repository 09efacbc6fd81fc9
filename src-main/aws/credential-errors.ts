/**
 * Turns the SDK's credential failures into one actionable line. The expired-SSO case matters most:
 * users hit it daily, and the fix is always the same command.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export function explainCredentialError(error: unknown, profile: string | undefined): Error {
  if (error instanceof CredentialsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = profile || process.env.AWS_PROFILE || 'default';
  if (/sso/i.test(message) && /expired|invalid|refresh|login/i.test(message)) {
    return new CredentialsError(
      `the SSO session of profile ${name} has expired: run "aws sso login --profile ${name}"`,
    );
  }
  if (/Could not load credentials from any providers/i.test(message)) {
    return new CredentialsError(
      `no AWS credentials found for profile ${name} (set AWS_PROFILE or run "aws configure"; without AWS, use the emulator: ssm-desk emulator)`,
    );
  }
  // STS refused the code (wrong or reused), or its shape ("at 'tokenCode'"): say which code it was.
  if (/MultiFactorAuthentication failed|at 'tokenCode'/.test(message)) {
    return new CredentialsError(`the MFA code for profile ${name} was not accepted: ${firstLine(message)}`);
  }
  // The SDK's words when a profile has mfa_serial and nobody can answer (no mfaCodeProvider).
  if (/requires multi-factor authentication/i.test(message)) {
    return new CredentialsError(`profile ${name} needs an MFA code, and nothing was given to ask for it`);
  }
  if (/is not authorized to perform: sts:AssumeRole/.test(message)) {
    return new CredentialsError(
      `profile ${name} cannot assume its role (if the role requires MFA, set mfa_serial in the profile): ${firstLine(message)}`,
    );
  }
  if (error instanceof Error && /CredentialsProviderError|ProviderError/.test(error.name)) {
    return new CredentialsError(`cannot get credentials for profile ${name}: ${firstLine(message)}`);
  }
  return error instanceof Error ? error : new Error(message);
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
