/** The drop-in plugin's fixed texts, byte for byte as the Go plugin prints them (spec §4.6, §7, §8, §9). */
export const PluginText = {
  installed:
    '\nThe Session Manager plugin was installed successfully. Use the AWS CLI to start a session.\n\n',
  unknownOperation: (operation: string) =>
    `\nUnknown operation ${operation}. \nUse session-manager-plugin --version to check the version.\n\n`,
  invalidOperation: 'Invalid Operation',
  cannotStart: (reason: string) => `Cannot perform start session: ${reason}\n`,
  starting: (sessionId: string) => `\nStarting session with SessionId: ${sessionId}\n`,
  timedOut: (sessionId: string) => `Session: ${sessionId} timed out.\n`,
} as const;
