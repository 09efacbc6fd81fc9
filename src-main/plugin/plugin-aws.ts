/**
 * What a plugin session may need of AWS, in one module that run-plugin-session.ts imports on first
 * use: the AwsContext (shared config, credentials, endpoints) and the session calls. The bundled
 * plugin keeps it, with the AWS SDK, out of the file it starts from (src-main/app/scripts/bundle-cli.mjs).
 */
export { AwsContext } from '../aws/aws-context.js';
export { generateDataKey, resumeSession, terminateSession } from '../aws/session-api.js';
