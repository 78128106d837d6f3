// Every page is well-formed HTML (tidy finds no errors or warnings) and a
// <script> payload sent through every form field comes back as text.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { PageClient, startServer, signIn, USERS } from './lib.mjs';

const execFileP = promisify(execFile);
const XSS = '<script>alert(1)</script>';
let srv, admin, orgId, contactId;

before(async () => {
  srv = await startServer();
  admin = await signIn(srv.base, USERS.alpha.admin);
});

after(async () => {
  await srv?.stop();
});

/* Runs tidy on html; answers its complaints ("" when clean). */
async function tidy(html) {
  return new Promise((resolve) => {
    const child = execFile('tidy', ['-q', '-e', '--warn-proprietary-attributes', 'no'],
                           (err, stdout, stderr) => resolve(stderr.trim()));
    child.stdin.end(html);
  });
}

test('a script payload in every organisation and contact field is shown as text', async () => {
  const created = await admin.post('/organisations/new', {
    name: `${XSS} Org`, kind: 'sme', employees: '', nace: '', country: '',
    region: XSS, city: XSS, website: '', registration_no: XSS, tags: XSS,
    notes: XSS,
  });
  assert.equal(created.status, 303, created.text.slice(0, 400));
  orgId = /\/organisations\/(\d+)/.exec(created.location)[1];
  const contact = await admin.post(`/organisations/${orgId}/contacts/new`, {
    name: XSS, email: '', phone: '', position: XSS,
  });
  assert.equal(contact.status, 303, contact.text.slice(0, 400));
  const page = await admin.get(`/organisations/${orgId}`);
  contactId = /\/contacts\/(\d+)\/edit/.exec(page.text)[1];
  for (const path of [`/organisations/${orgId}`, '/organisations', '/contacts',
                      `/organisations/${orgId}/edit`, `/contacts/${contactId}/edit`,
                      '/audit', '/']) {
    const res = await admin.get(path);
    assert.equal(res.status, 200, path);
    assert.ok(!res.text.includes(XSS), `${path} shows the payload raw`);
  }
  const shown = await admin.get(`/organisations/${orgId}`);
  assert.ok(shown.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('a script payload in a query string and in a form error is escaped', async () => {
  const list = await admin.get(`/organisations?q=${encodeURIComponent(XSS)}`);
  assert.ok(!list.text.includes(XSS));
  const bad = await admin.post('/organisations/new', { name: XSS, kind: 'sme',
                                                       employees: XSS });
  assert.equal(bad.status, 422);
  assert.ok(!bad.text.includes(XSS));
});

test('a form with several wrong fields shows each error beside its field at once', async () => {
  const org = await admin.post('/organisations/new', {
    name: '', kind: 'sme', employees: 'many', nace: '99.999', country: 'ukr',
    website: 'not a site', city: 'Львів',
  });
  assert.equal(org.status, 422);
  for (const field of ['name', 'employees', 'nace', 'country', 'website'])
    assert.match(org.text, new RegExp(`id="${field}-error"`), field);
  assert.match(org.text, /value="Львів"/);
  const contact = await admin.post(`/organisations/${orgId}/contacts/new`, {
    name: 'Åsa Öberg', email: 'not-an-address', phone: 'call me', position: '',
  });
  assert.equal(contact.status, 422);
  for (const field of ['email', 'phone'])
    assert.match(contact.text, new RegExp(`id="${field}-error"`), field);
  assert.match(contact.text, /value="Åsa Öberg"/);
});

test('every page is well-formed HTML', async () => {
  const anon = new PageClient(srv.base);
  const pages = [
    [anon, '/signin'], [anon, '/no/such/page'],
    [admin, '/'], [admin, '/organisations'], [admin, '/organisations?archived=true'],
    [admin, '/organisations/new'], [admin, `/organisations/${orgId}`],
    [admin, `/organisations/${orgId}/edit`], [admin, `/organisations/${orgId}/archive`],
    [admin, `/organisations/${orgId}/contacts/new`], [admin, '/contacts'],
    [admin, `/contacts/${contactId}/edit`], [admin, `/contacts/${contactId}/archive`],
    [admin, '/import'], [admin, '/users'], [admin, '/audit'],
    [admin, '/organisations/999999'],
  ];
  for (const [client, path] of pages) {
    const res = await client.get(path);
    assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, path);
    const complaints = await tidy(res.text);
    assert.equal(complaints, '', `${path} (${res.status}):\n${complaints}`);
  }
});

test('every answer carries the security headers', async () => {
  for (const path of ['/signin', '/organisations', '/static/app.css', '/api/v1/organisations']) {
    const res = await admin.get(path);
    assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/, path);
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
  }
});

test('a session cookie is HttpOnly and SameSite=Lax', async () => {
  const client = new PageClient(srv.base);
  const form = await client.get('/signin');
  const pre = /name="_csrf" value="([^"]+)"/.exec(form.text)[1];
  const res = await fetch(`${srv.base}/signin`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded',
               cookie: client.cookieHeader() },
    body: new URLSearchParams({ _csrf: pre, email: USERS.alpha.admin,
                                password: srv.password, next: '/' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cd_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
});
