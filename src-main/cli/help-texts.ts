import { COMMON_FLAGS_HELP } from './common-flags.js';

export const MAIN_HELP = `Usage: ssm-desk <command> [options]

AWS Systems Manager Session Manager from the command line.

Commands:
  ls                         list instances (SSM and EC2, merged) across regions and profiles
  connect [target]           open an interactive shell (picker when the target is ambiguous)
  exec <target> -- <cmd...>  run a command; its output and exit code become ours
  exec --targets T -- <cmd>  run a command on every instance T matches (tag:Key=Value, web-*, ids)
  sessions                   list active sessions (--history for ended ones)
  sessions terminate <id...> terminate sessions
  forward                    forward a port (see ssm-desk forward --help)
  ssh <host> <port>          ssh ProxyCommand helper (AWS-StartSSHSession over stdin/stdout)
  ssh-config                 print a ~/.ssh/config block that uses ssm-desk ssh
  login                      sign in to IAM Identity Center (SSO) for a profile, shared with the AWS CLI
  whoami                     the account and identity of a profile's credentials, and their expiry
  databases                  list RDS clusters and instances (endpoints to forward to) across regions
  emulator                   run the local AWS emulator in this process

Targets: an instance id (i-…, mi-…), a Name tag, or tag:Key=Value.

${COMMON_FLAGS_HELP}
Run 'ssm-desk <command> --help' for a command's options. Logs: ~/.local/state/ssm-desk/logs
(or $XDG_STATE_HOME/ssm-desk/logs, or $SSM_DESK_LOG_DIR), with secrets redacted.
`;

export const LS_HELP = `Usage: ssm-desk ls [options]

Lists instances: SSM's view (ping, agent, platform) merged with EC2's (state, tags, IPs), all pages,
in every --region and --profile given (a few at a time). A failing region is reported on stderr; the
others are still listed.

Options:
  --name GLOB          Name tag or instance id matches GLOB (*, ?, [abc]; case-insensitive)
  --tag Key=Value      tag matches (repeatable; Value may be a glob)
  --state STATE        EC2 state or SSM ping status (running, stopped, online, connectionlost)
  --platform NAME      linux, windows, macos, or part of the platform name

${COMMON_FLAGS_HELP}`;

export const CONNECT_HELP = `Usage: ssm-desk connect [target] [options]

Opens an interactive shell. With no target, or one that matches several instances, a picker opens on
a terminal (type to filter, arrows to move, Enter to choose, Esc to cancel); without a terminal,
several matches are an error that lists them.

Escapes (after Enter, or at the start of the session):
  ~.   terminate the session        ~?   list the escapes        ~~   send a literal ~

Options:
  --document-name NAME   session document (default: SSM-SessionManagerRunShell)
  --parameters JSON      document parameters, e.g. '{"command":["bash -l"]}'
  --reason TEXT          reason recorded with the session
  --keepalive SECONDS    after this long without typing, send a no-op terminal-size message, so
                         an idle shell still shows traffic (off by default)

${COMMON_FLAGS_HELP}`;

export const EXEC_HELP = `Usage: ssm-desk exec <target> [options] -- <command...>
       ssm-desk exec --targets TERMS [--concurrency N] [options] -- <command...>

Runs a command with AWS-StartNonInteractiveCommand: remote stdout goes to stdout, remote stderr to
stderr, and the remote exit code becomes ssm-desk's exit status.

One word after -- is a shell command line, run by the remote shell (pipes, ; and exit work):
  ssm-desk exec web-1 -- 'df -h / && uptime'
Several words are a command and its arguments, each passed as it is (quoted for the remote shell):
  ssm-desk exec web-1 -- sh -c 'echo out; exit 4'
Ctrl-C interrupts the remote command; a second Ctrl-C gives up at once.

On several instances (every --profile and --region given):
  ssm-desk exec --targets tag:Role=web -- uptime
  ssm-desk exec --targets 'web-*,i-0123456789abcdef0' --region us-east-1,eu-west-1 -- uptime
Every online instance managed by SSM that a term matches runs the command: an instance id, a Name
tag or a glob over Name tags and ids, or tag:Key=Value (the value may be a glob); terms are a comma
list or repeated --targets. Each output line starts with the instance's name ("web-1 | ...", stderr
to stderr) and a summary line ends the run. Exit status 0 when every instance exited 0, 1 when any
failed, 130 after Ctrl-C (which interrupts the running commands and starts no more).

Options:
  --targets TERMS      run on every instance the terms match (instead of one <target>)
  --concurrency N      with --targets: how many instances at once (default 10)

${COMMON_FLAGS_HELP}`;

export const LOGIN_HELP = `Usage: ssm-desk login [--profile NAME] [--no-browser] [--endpoint-url URL]

Signs in to IAM Identity Center (SSO) for a profile with sso_session (or sso_start_url), as
'aws sso login' does: prints a page and a code, opens the page in a browser where there is one, and
waits until you approve the code there (Ctrl-C cancels). The token is cached in ~/.aws/sso/cache,
where the AWS CLI and the SDKs read it, so both share the sign-in. A profile that assumes a role
through an SSO profile signs in that SSO profile.

Options:
  --profile NAME       the profile to sign in (default: AWS_PROFILE, then default)
  --no-browser         only print the page; open it yourself, on this or another device
  --endpoint-url URL   the IAM Identity Center OIDC endpoint (default: AWS_ENDPOINT_URL_SSO_OIDC,
                       the profile's services section, then oidc.<sso_region>.amazonaws.com)
  --log-level LEVEL    error, warn (default), info or debug
  -h, --help           this help
`;

export const WHOAMI_HELP = `Usage: ssm-desk whoami [--profile NAME] [--json]

Shows who the profile's credentials are (STS GetCallerIdentity): account, ARN, user id, and when
temporary credentials (SSO, assumed roles, credential_process) expire.

${COMMON_FLAGS_HELP}`;

export const DATABASES_HELP = `Usage: ssm-desk databases [options]

Lists RDS databases in every --region and --profile given: one row per Aurora (or Multi-AZ) cluster,
with its writer endpoint, and per standalone instance; cluster members are reached through their
cluster. Forward to one through an instance in its VPC:
  ssm-desk forward bastion -L 5432:orders-db.c1234.us-east-1.rds.amazonaws.com:5432

${COMMON_FLAGS_HELP}`;

export const SESSIONS_HELP = `Usage: ssm-desk sessions [--history] [options]
       ssm-desk sessions terminate <session-id...> [options]

Lists your active sessions (DescribeSessions), or ended ones with --history; terminate ends sessions.

Options:
  --history   ended sessions instead of active ones

${COMMON_FLAGS_HELP}`;

export const EMULATOR_HELP = `Usage: ssm-desk emulator [--port N] [--config FILE] [--tls-cert FILE --tls-key FILE]

Runs the local AWS emulator (SSM, EC2, KMS, STS, SSO APIs, data channel, simulated agents) on
127.0.0.1 in this process. The first line printed is the endpoint; pass it as --endpoint-url.

Options:
  --port N          port to listen on; 0 picks a free port (default 0)
  --config FILE     inventory and settings as JSON (docs/emulator.md); default: a demo inventory
  --tls-cert FILE   serve https:// and wss:// with this PEM certificate and this PEM key (both or
  --tls-key FILE    neither; default: plain http); clients need AWS_CA_BUNDLE set to its CA
  -h, --help        this help
`;

export const SSH_HELP = `Usage: ssm-desk ssh <host> <port> [options]

ssh ProxyCommand helper: starts AWS-StartSSHSession to <host> (an instance id, Name tag or
tag:Key=Value) with portNumber=<port>, and forwards stdin/stdout. In ~/.ssh/config:

  Host i-* mi-*
    ProxyCommand ssm-desk ssh %h %p

${COMMON_FLAGS_HELP}`;

export const SSH_CONFIG_HELP = `Usage: ssm-desk ssh-config [--profile P] [--region R] [--endpoint-url URL]

Prints a ~/.ssh/config block that reaches instances through ssm-desk ssh, with the given options.
`;
