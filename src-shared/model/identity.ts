import { z } from 'zod';
import { ErrorInfoSchema } from './error-info.js';

/** Who a profile signs in as (STS GetCallerIdentity), or why it cannot. */
export const ProfileIdentitySchema = z.object({
  profile: z.string(),
  account: z.string().optional(),
  arn: z.string().optional(),
  /** When temporary credentials expire (epoch ms); absent for long-term keys. */
  expiresAt: z.number().optional(),
  error: ErrorInfoSchema.optional(),
});
export type ProfileIdentity = z.infer<typeof ProfileIdentitySchema>;

/** An IAM Identity Center device sign-in the core is running (the user approves it in a browser). */
export const SsoLoginSchema = z.object({
  loginId: z.string(),
  profile: z.string(),
  state: z.enum(['waiting', 'done', 'failed']),
  /** The page where the user approves the code. */
  verificationUri: z.string().optional(),
  /** The same page with the code filled in. */
  verificationUriComplete: z.string().optional(),
  userCode: z.string().optional(),
  expiresAt: z.number().optional(),
  error: ErrorInfoSchema.optional(),
});
export type SsoLogin = z.infer<typeof SsoLoginSchema>;

/** The core needs an MFA code for a profile (the engine asks when it assumes the role). */
export const MfaRequestSchema = z.object({
  requestId: z.string(),
  profile: z.string(),
  serial: z.string(),
});
export type MfaRequest = z.infer<typeof MfaRequestSchema>;
