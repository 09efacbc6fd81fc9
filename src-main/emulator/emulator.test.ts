import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Emulator } from './emulator.js';
import { loadEmulatorTls, parseEmulatorArgs } from './emulator-cli.js';

interface Pem {
  dir: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** A throwaway CA and a certificate it signed for 127.0.0.1 and localhost (the machine's openssl). */
function throwawayCertificate(): Pem {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-tls-'));
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test CA');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  const read = (name: string): Buffer => readFileSync(join(dir, name));
  return { dir, ca: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
}

interface Reply {
  status: number;
  body: string;
}

/** One request over http or https (by the URL's scheme), trusting `ca` if given. */
function send(url: string, options: { ca?: Buffer; target?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const make = url.startsWith('https:') ? httpsRequest : httpRequest;
    const request = make(
      url,
      {
        method: options.body === undefined ? 'GET' : 'POST',
        ...(options.ca ? { ca: options.ca } : {}),
        headers: options.target
          ? { 'X-Amz-Target': options.target, 'Content-Type': 'application/x-amz-json-1.1' }
          : {},
      },
      (response) => {
        let body = '';
        response.on('data', (data: Buffer) => (body += data.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

async function startSession(endpoint: string, ca?: Buffer): Promise<{ StreamUrl: string }> {
  const reply = await send(endpoint, {
    ...(ca ? { ca } : {}),
    target: 'AmazonSSM.StartSession',
    body: JSON.stringify({ Target: 'i-0a1b2c3d4e5f60718' }),
  });
  expect(reply.status, reply.body).toBe(200);
  return JSON.parse(reply.body) as { StreamUrl: string };
}

describe('Emulator over TLS (https and wss)', () => {
  let pem: Pem;
  let emulator: Emulator;
  const log: string[] = [];

  beforeAll(async () => {
    pem = throwawayCertificate();
    emulator = await Emulator.start({ tls: { cert: pem.cert, key: pem.key }, log: (line) => log.push(line) });
  });
  afterAll(async () => emulator?.close());

  it('serves the APIs over https to a client that trusts the CA, and StartSession hands out wss://', async () => {
    expect(emulator.endpoint).toBe(`https://127.0.0.1:${emulator.port}`);
    const health = await send(`${emulator.endpoint}/emulator/health`, { ca: pem.ca });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, instances: 7 });
    const { StreamUrl } = await startSession(emulator.endpoint, pem.ca);
    expect(StreamUrl).toMatch(
      new RegExp(
        `^wss://127\\.0\\.0\\.1:${emulator.port}/v1/data-channel/demo-[0-9a-f]+\\?role=publish_subscribe$`,
      ),
    );
  });

  it('the data channel upgrades over wss, and the log names the peer port', async () => {
    const { StreamUrl } = await startSession(emulator.endpoint, pem.ca);
    log.length = 0;
    const socket = new WebSocket(StreamUrl, { ca: pem.ca });
    const localPort = await new Promise<number>((resolve, reject) => {
      socket.once('upgrade', (response) => resolve(response.socket.localPort ?? -1));
      socket.once('error', reject);
    });
    socket.terminate();
    const path = new URL(StreamUrl).pathname;
    expect(log).toContain(`data channel connection from 127.0.0.1:${localPort} for ${path}`);
  });

  it('refuses clients that do not trust the certificate, and plain http on the same port', async () => {
    log.length = 0;
    await expect(send(`${emulator.endpoint}/emulator/health`)).rejects.toThrow(/certificate/);
    const { StreamUrl } = await startSession(emulator.endpoint, pem.ca);
    const socket = new WebSocket(StreamUrl);
    await expect(
      new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      }),
    ).rejects.toThrow(/certificate/);
    // The server hears of the refusal a moment after the client gave up.
    await expect.poll(() => log.filter((line) => line.startsWith('TLS handshake failed')).length).toBe(2);
    expect(log.some((line) => line.startsWith('data channel connection'))).toBe(false);
    await expect(send(`http://127.0.0.1:${emulator.port}/emulator/health`)).rejects.toThrow();
  });
});

describe('Emulator host and defaults', () => {
  it('is plain http and ws by default', async () => {
    const emulator = await Emulator.start();
    try {
      expect(emulator.endpoint).toBe(`http://127.0.0.1:${emulator.port}`);
      expect((await startSession(emulator.endpoint)).StreamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v1\//);
    } finally {
      await emulator.close();
    }
  });

  it('advertises another host name in the endpoint and StreamUrl, still listening on 127.0.0.1', async () => {
    const emulator = await Emulator.start({ host: 'localhost' });
    try {
      expect(emulator.endpoint).toBe(`http://localhost:${emulator.port}`);
      const { StreamUrl } = await startSession(`http://127.0.0.1:${emulator.port}`);
      expect(StreamUrl).toMatch(new RegExp(`^ws://localhost:${emulator.port}/v1/data-channel/`));
    } finally {
      await emulator.close();
    }
    await expect(Emulator.start({ host: 'evil.example/x' })).rejects.toThrow(
      'emulator host must be a host name or IPv4 address, got evil.example/x',
    );
  });
});

describe('emulator --tls-cert and --tls-key', () => {
  it('parses both, and refuses one without the other', () => {
    expect(parseEmulatorArgs(['--tls-cert', 'c.pem', '--tls-key=k.pem'])).toMatchObject({
      tlsCertPath: 'c.pem',
      tlsKeyPath: 'k.pem',
    });
    expect(parseEmulatorArgs([])).toMatchObject({ tlsCertPath: undefined, tlsKeyPath: undefined });
    expect(() => parseEmulatorArgs(['--tls-cert', 'c.pem'])).toThrow('--tls-cert and --tls-key go together');
    expect(() => parseEmulatorArgs(['--tls-key', 'k.pem'])).toThrow('--tls-cert and --tls-key go together');
    expect(() => parseEmulatorArgs(['--tls-key'])).toThrow('--tls-key needs a value');
  });

  it('loads the files, or says in one line what is wrong with them', () => {
    const pem = throwawayCertificate();
    const cert = join(pem.dir, 'server.pem');
    const key = join(pem.dir, 'server.key');
    const options = (certPath: string, keyPath: string) =>
      parseEmulatorArgs(['--tls-cert', certPath, '--tls-key', keyPath]);
    expect(loadEmulatorTls(options(cert, key))).toEqual({ cert: pem.cert, key: pem.key });
    expect(loadEmulatorTls(parseEmulatorArgs([]))).toBeUndefined();
    expect(() => loadEmulatorTls(options(join(pem.dir, 'missing.pem'), key))).toThrow(
      `--tls-cert ${join(pem.dir, 'missing.pem')}: ENOENT`,
    );
    // Key and certificate swapped: no private key where one is expected.
    expect(() => loadEmulatorTls(options(key, cert))).toThrow(/^--tls-cert\/--tls-key: \S/);
    // A key that does not belong to the certificate.
    expect(() => loadEmulatorTls(options(cert, join(pem.dir, 'ca.key')))).toThrow(
      /^--tls-cert\/--tls-key: .*mismatch/i,
    );
  });
});
