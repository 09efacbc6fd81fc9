import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './aws-request.js';
import { presentedSecret, secretMatches, type EmulatorLock } from './emulator-lock.js';
import type { SsoOidc } from './sso-oidc.js';

/** Where StartDeviceAuthorization sends the user: verificationUri is this path on the emulator. */
export const VERIFICATION_PATH = '/sso/verify';

/**
 * The emulator's stand-in for the IAM Identity Center sign-in page: it shows a device's user code and
 * approves or denies it with a plain HTML form (no script), so a person, a browser test or a plain
 * HTTP POST can act as the user. On a locked emulator the page and the form want the control secret
 * (`secret` query or form field, or the X-Emulator-Secret header), so nobody else can approve a
 * device and obtain the launch's credentials.
 */
export async function handleVerificationPage(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  oidc: SsoOidc,
  lock: EmulatorLock | undefined,
): Promise<void> {
  let form = new URLSearchParams();
  if (req.method === 'POST') form = new URLSearchParams((await readBody(req, 16 * 1024)).toString('utf8'));
  else if (req.method !== 'GET') return page(res, 405, 'Method not allowed', '<p>Use GET or POST.</p>');
  const secret = form.get('secret') ?? url.searchParams.get('secret') ?? undefined;
  if (
    lock &&
    (lock.controlSecret === undefined || !secretMatches(lock.controlSecret, presentedSecret(req, secret)))
  ) {
    return page(
      res,
      403,
      'Not allowed',
      '<p>This emulator is locked: open the link the application gave you.</p>',
    );
  }
  const userCode = (form.get('user_code') ?? url.searchParams.get('user_code') ?? '').trim().toUpperCase();
  if (req.method === 'GET') {
    if (userCode === '') {
      return page(
        res,
        200,
        'Authorize request',
        `<form method="get" action="${VERIFICATION_PATH}">` +
          `<label for="user_code">Code</label> <input id="user_code" name="user_code" autocomplete="off">` +
          hiddenSecret(secret) +
          '<button type="submit">Next</button></form>',
      );
    }
    const pending = oidc.pending(userCode);
    if (!pending)
      return page(
        res,
        400,
        'Code not valid',
        `<p>The code ${escapeHtml(userCode)} is not valid or has expired.</p>`,
      );
    return page(
      res,
      200,
      'Authorize request',
      `<p>Allow <strong>${escapeHtml(pending.clientName || 'this application')}</strong> to access ` +
        `<strong>${escapeHtml(pending.startUrl)}</strong>?</p>` +
        `<p>Code: <output id="user-code">${escapeHtml(userCode)}</output></p>` +
        `<form method="post" action="${VERIFICATION_PATH}">` +
        `<input type="hidden" name="user_code" value="${escapeHtml(userCode)}">` +
        hiddenSecret(secret) +
        '<button type="submit" name="action" value="approve">Approve</button> ' +
        '<button type="submit" name="action" value="deny">Deny</button></form>',
    );
  }
  const action = form.get('action') ?? 'approve';
  if (action !== 'approve' && action !== 'deny')
    return page(res, 400, 'Not understood', '<p>Unknown action.</p>');
  if (!oidc.decide(userCode, action === 'approve')) {
    return page(
      res,
      400,
      'Code not valid',
      `<p>The code ${escapeHtml(userCode)} is not valid or has expired.</p>`,
    );
  }
  return action === 'approve'
    ? page(
        res,
        200,
        'Request approved',
        '<p>Request approved. You can close this window and return to the application.</p>',
      )
    : page(res, 200, 'Request denied', '<p>Request denied. The application will not get access.</p>');
}

function hiddenSecret(secret: string | undefined): string {
  return secret === undefined ? '' : `<input type="hidden" name="secret" value="${escapeHtml(secret)}">`;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // No script, no styles, no framing: the page only posts its own form.
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
