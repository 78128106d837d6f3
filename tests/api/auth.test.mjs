// Bearer tokens and roles on the JSON API: 401 without a valid token (with
// WWW-Authenticate), 403 for the board on every write, reads for everyone
// signed in, and JSON errors for unknown addresses and methods.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, request, startServer } from './lib.mjs';

let srv;
let org;     // an organisation of Alpha, made by its manager
let contact; // a contact of it

before(async () => {
  srv = await startServer({ today: '2026-03-31' });
  const manager = apiClient(srv.base, srv.tokens.alpha.manager);
  let res = await manager.post(`${API}/organisations`,
                               { name: 'Token Test Oy', kind: 'sme' });
  expectAnswer(res, 201);
  org = res.json.data;
  res = await manager.post(`${API}/contacts`,
                           { organisation_id: org.id, name: 'Tina Token' });
  expectAnswer(res, 201);
  contact = res.json.data;
});

after(() => srv?.stop());

// Every API route, with a body that would succeed for a manager.
function routes() {
  return [
    ['GET', `${API}/organisations`],
    ['POST', `${API}/organisations`, { name: 'Board Was Here', kind: 'other' }],
    ['GET', `${API}/organisations/${org.id}`],
    ['PATCH', `${API}/organisations/${org.id}`, { notes: 'changed' }],
    ['PUT', `${API}/organisations/${org.id}`, { notes: 'changed' }],
    ['POST', `${API}/organisations/${org.id}/archive`],
    ['POST', `${API}/organisations/${org.id}/restore`],
    ['GET', `${API}/organisations/${org.id}/contacts`],
    ['GET', `${API}/contacts`],
    ['POST', `${API}/contacts`, { organisation_id: org.id, name: 'Board Person' }],
    ['GET', `${API}/contacts/${contact.id}`],
    ['PATCH', `${API}/contacts/${contact.id}`, { position: 'changed' }],
    ['PUT', `${API}/contacts/${contact.id}`, { position: 'changed' }],
    ['POST', `${API}/contacts/${contact.id}/archive`],
    ['POST', `${API}/contacts/${contact.id}/restore`],
  ];
}

describe('without a valid token every API route answers 401', () => {
  const BAD = [
    ['no Authorization header', null],
    ['an unknown token', 'Bearer not-a-token'],
    ['a token of the right length but wrong', 'wrong'],
    ['a Basic credential', 'Basic YWRtaW5AYWxwaGEudGVzdDp4'],
    ['an empty bearer', 'Bearer '],
  ];
  for (const [label, auth] of BAD) {
    test(label, async () => {
      for (const [method, path, json] of routes()) {
        let header = auth;
        if (auth === 'wrong') {
          // Same length and alphabet as a real token, one character off.
          const t = srv.tokens.alpha.admin;
          header = `Bearer ${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
        }
        const res = await request(srv.base, method, path, {
          json, headers: header ? { authorization: header } : {},
        });
        expectAnswer(res, 401, { error: { code: 'unauthorized', field: null } });
        assert.match(res.headers.get('www-authenticate') || '', /^Bearer/,
                     `${method} ${path}`);
      }
    });
  }

  test('nothing was written by the refused requests', async () => {
    const admin = apiClient(srv.base, srv.tokens.alpha.admin);
    const res = await admin.get(`${API}/organisations?q=board+was+here`);
    expectAnswer(res, 200, { total: 0, data: [] });
  });

  test('the token of a disabled user stops working', async () => {
    const t = srv.tokens.beta.board;
    expectAnswer(await apiClient(srv.base, t).get(`${API}/organisations`), 200);
    await srv.cli(['user', 'disable', '--email', srv.users.beta.board]);
    expectAnswer(await apiClient(srv.base, t).get(`${API}/organisations`), 401,
                 { error: { code: 'unauthorized' } });
  });
});

describe('roles', () => {
  test('the board may read every resource', async () => {
    const board = apiClient(srv.base, srv.tokens.alpha.board);
    for (const [method, path] of routes()) {
      if (method !== 'GET')
        continue;
      const res = await board.get(path);
      expectAnswer(res, 200);
      assert.ok('data' in res.json, `${path} answers data`);
    }
  });

  test('the board gets 403 on every write, and nothing changes', async () => {
    const board = apiClient(srv.base, srv.tokens.alpha.board);
    for (const [method, path, json] of routes()) {
      if (method === 'GET')
        continue;
      const res = await board.send(method, path, json ? { json } : {});
      expectAnswer(res, 403, { error: { code: 'forbidden', message: /board/ } });
    }
    const admin = apiClient(srv.base, srv.tokens.alpha.admin);
    expectAnswer(await admin.get(`${API}/organisations/${org.id}`), 200,
                 { data: { notes: '', archived: false } });
    expectAnswer(await admin.get(`${API}/contacts/${contact.id}`), 200,
                 { data: { position: '', archived: false } });
    expectAnswer(await admin.get(`${API}/organisations?q=board`), 200, { total: 0 });
    expectAnswer(await admin.get(`${API}/contacts?q=board`), 200, { total: 0 });
  });

  for (const role of ['admin', 'manager']) {
    test(`an ${role} may write`, async () => {
      const api = apiClient(srv.base, srv.tokens.alpha[role]);
      const res = await api.post(`${API}/organisations`,
                                 { name: `Written by ${role}`, kind: 'micro' });
      expectAnswer(res, 201, { data: { name: `Written by ${role}`, kind: 'micro' } });
      expectAnswer(await api.patch(`${API}/organisations/${res.json.data.id}`,
                                   { city: 'Malmö' }),
                   200, { data: { city: 'Malmö' } });
    });
  }
});

describe('addresses and methods', () => {
  const CASES = [
    ['an unknown API address', 'GET', `${API}/nothing-here`, 404, 'not_found'],
    ['an id of 0', 'GET', `${API}/organisations/0`, 404, 'not_found'],
    ['an id that is not a number', 'GET', `${API}/organisations/abc`, 404, 'not_found'],
    ['an id never used', 'GET', `${API}/organisations/999999`, 404, 'not_found'],
    ['a contact never made', 'GET', `${API}/contacts/999999`, 404, 'not_found'],
    ['DELETE (archive instead)', 'DELETE', `${API}/organisations/1`, 405,
     'method_not_allowed'],
  ];
  for (const [label, method, path, status, code] of CASES) {
    test(`${label}: ${status} as JSON`, async () => {
      const res = await request(srv.base, method, path,
                                { token: srv.tokens.alpha.admin });
      expectAnswer(res, status, { error: { code } });
      assert.match(res.headers.get('content-type'), /^application\/json/);
    });
  }

  test('405 says which methods are allowed', async () => {
    const res = await request(srv.base, 'DELETE', `${API}/organisations/${org.id}`,
                              { token: srv.tokens.alpha.admin });
    expectAnswer(res, 405);
    assert.match(res.headers.get('allow'), /GET/);
    assert.match(res.headers.get('allow'), /PATCH/);
  });
});
