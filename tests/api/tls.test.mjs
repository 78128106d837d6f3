// HTTPS served by clusterdesk itself (--tls-cert/--tls-key): the pages
// answer over TLS, cookies are Secure and browsers are told to stay on
// HTTPS.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { BIN, cli } from './lib.mjs';

const execFileP = promisify(execFile);
let dir, proc, base;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cd-tls-'));
  const db = join(dir, 'tls.db');
  await cli(['init', '--db', db, '--cluster', 'TLS Cluster', '--admin', 'a@tls.test']);
  await execFileP('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
                              '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
                              '-days', '1', '-subj', '/CN=127.0.0.1']);
  proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2',
                     '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
               { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /^clusterdesk: listening on (https:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m)
        resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
});

after(async () => {
  if (proc && proc.exitCode === null) {
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    proc.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
  await rm(dir, { recursive: true, force: true });
});

/* A GET that accepts the test's self-signed certificate. */
function get(path) {
  return new Promise((resolve, reject) => {
    request(base + path, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject).end();
  });
}

test('pages are served over HTTPS with Secure cookies and HSTS', async () => {
  const res = await get('/signin');
  assert.equal(res.status, 200);
  assert.match(res.body, /Sign in/);
  assert.match(res.headers['strict-transport-security'], /max-age=\d+/);
  const pre = res.headers['set-cookie'].find((c) => c.startsWith('cd_pre='));
  assert.match(pre, /; Secure/);
  assert.match(pre, /HttpOnly/);
});
