// Nobody where they don't belong: a token of the Beta cluster gets 404 for
// everything of Alpha (exactly as for an id never used), cannot attach
// contacts to Alpha's organisations, and neither cluster's lists ever show
// the other's rows.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, startServer } from './lib.mjs';

const ORGS = `${API}/organisations`;
const CONTACTS = `${API}/contacts`;
let srv;
let alpha;
let beta;
const A = {}; // Alpha's organisation and contact
const B = {}; // Beta's

before(async () => {
  srv = await startServer({ today: '2026-03-31' });
  alpha = apiClient(srv.base, srv.tokens.alpha.manager);
  beta = apiClient(srv.base, srv.tokens.beta.admin);
  for (const [api, rec, name] of [[alpha, A, 'Shared Name Robotics'],
                                  [beta, B, 'Shared Name Robotics']]) {
    let res = await api.post(ORGS, { name, kind: 'sme', region: 'Common',
                                     registration_no: 'SAME-1', tags: ['shared'] });
    expectAnswer(res, 201);
    rec.org = res.json.data;
    res = await api.post(CONTACTS, { organisation_id: rec.org.id, name: 'Same Person',
                                     email: 'same@example.com', entry_point: true });
    expectAnswer(res, 201);
    rec.contact = res.json.data;
  }
});

after(() => srv?.stop());

test('the same name and registration number in two clusters are not duplicates',
     () => {
  assert.notEqual(A.org.id, B.org.id);
});

describe("Beta's token gets 404 for Alpha's records", () => {
  const cases = () => [
    ['GET', `${ORGS}/${A.org.id}`],
    ['PATCH', `${ORGS}/${A.org.id}`, { name: 'Taken Over' }],
    ['PUT', `${ORGS}/${A.org.id}`, { name: 'Taken Over' }],
    ['POST', `${ORGS}/${A.org.id}/archive`],
    ['POST', `${ORGS}/${A.org.id}/restore`],
    ['GET', `${ORGS}/${A.org.id}/contacts`],
    ['GET', `${CONTACTS}/${A.contact.id}`],
    ['PATCH', `${CONTACTS}/${A.contact.id}`, { name: 'Taken Over' }],
    ['PUT', `${CONTACTS}/${A.contact.id}`, { name: 'Taken Over' }],
    ['POST', `${CONTACTS}/${A.contact.id}/archive`],
    ['POST', `${CONTACTS}/${A.contact.id}/restore`],
  ];

  test('on every route, with the same answer as for an id never used', async () => {
    for (const [method, path, json] of cases()) {
      const res = await beta.send(method, path, json ? { json } : {});
      expectAnswer(res, 404, { error: { code: 'not_found', field: null } });
      // The same request for an unused id must read the same, but for the id.
      const unused = path.replace(/\/\d+/, '/999999');
      const res2 = await beta.send(method, unused, json ? { json } : {});
      expectAnswer(res2, 404);
      assert.equal(res.json.error.message.replace(/\d+/g, 'N'),
                   res2.json.error.message.replace(/\d+/g, 'N'), `${method} ${path}`);
    }
  });

  test("Alpha's records are unchanged", async () => {
    const org = await alpha.get(`${ORGS}/${A.org.id}`);
    expectAnswer(org, 200, { data: { name: 'Shared Name Robotics', archived: false } });
    assert.equal(org.json.data.updated_at, A.org.updated_at);
    const c = await alpha.get(`${CONTACTS}/${A.contact.id}`);
    expectAnswer(c, 200, { data: { name: 'Same Person', archived: false, entry_point: true } });
    assert.equal(c.json.data.updated_at, A.contact.updated_at);
  });

  test('and Alpha gets 404 for Beta\'s the same way', async () => {
    expectAnswer(await alpha.get(`${ORGS}/${B.org.id}`), 404, { error: { code: 'not_found' } });
    expectAnswer(await alpha.get(`${CONTACTS}/${B.contact.id}`), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await alpha.patch(`${ORGS}/${B.org.id}`, { notes: 'x' }), 404);
  });
});

describe("Beta cannot attach contacts to Alpha's organisations", () => {
  test('create: 422 on organisation_id', async () => {
    const res = await beta.post(CONTACTS, { organisation_id: A.org.id, name: 'Intruder',
                                            entry_point: true });
    expectAnswer(res, 422, { error: { code: 'invalid', field: 'organisation_id' } });
  });

  test('update: moving its own contact there is 422 on organisation_id', async () => {
    const res = await beta.patch(`${CONTACTS}/${B.contact.id}`, { organisation_id: A.org.id });
    expectAnswer(res, 422, { error: { code: 'invalid', field: 'organisation_id' } });
    expectAnswer(await beta.get(`${CONTACTS}/${B.contact.id}`), 200,
                 { data: { organisation_id: B.org.id } });
  });

  test("Alpha's organisation still has only its own contact, still the entry point",
       async () => {
    const res = await alpha.get(`${ORGS}/${A.org.id}/contacts`);
    expectAnswer(res, 200, { total: 1, data: [{ id: A.contact.id, entry_point: true }] });
  });

  test('a cluster_id in the body is refused, not obeyed', async () => {
    const res = await beta.post(ORGS, { name: 'Smuggled', cluster_id: 1 });
    expectAnswer(res, 422, { error: { field: 'cluster_id' } });
  });
});

describe('lists never show the other cluster\'s rows', () => {
  const QUERIES = ['', '?q=shared', '?region=Common', '?tag=shared', '?kind=sme',
                   '?archived=true', '?per_page=100&sort=-updated'];

  for (const q of QUERIES) {
    test(`organisations${q}`, async () => {
      for (const [api, own, theirs] of [[alpha, A, B], [beta, B, A]]) {
        const res = await api.get(`${ORGS}${q}`);
        expectAnswer(res, 200);
        const ids = res.json.data.map((o) => o.id);
        assert.ok(!ids.includes(theirs.org.id), `${q}: ${JSON.stringify(ids)}`);
        if (q !== '?archived=true')
          assert.deepEqual(ids, [own.org.id]);
        assert.equal(res.json.total, ids.length);
      }
    });
  }

  const CQUERIES = ['', '?q=same', '?q=same%40example.com', '?archived=true'];
  for (const q of CQUERIES) {
    test(`contacts${q}`, async () => {
      for (const [api, own, theirs] of [[alpha, A, B], [beta, B, A]]) {
        const res = await api.get(`${CONTACTS}${q}`);
        expectAnswer(res, 200);
        const ids = res.json.data.map((c) => c.id);
        assert.ok(!ids.includes(theirs.contact.id), `${q}: ${JSON.stringify(ids)}`);
        if (q !== '?archived=true')
          assert.deepEqual(ids, [own.contact.id]);
      }
    });
  }

  test("filtering Beta's contacts by Alpha's organisation finds nothing", async () => {
    expectAnswer(await beta.get(`${CONTACTS}?organisation_id=${A.org.id}`), 200,
                 { total: 0, data: [] });
  });

  test('archived rows stay in their cluster too', async () => {
    expectAnswer(await alpha.post(`${ORGS}/${A.org.id}/archive`), 200);
    expectAnswer(await beta.get(`${ORGS}?archived=true`), 200, { total: 0, data: [] });
    expectAnswer(await alpha.get(`${ORGS}?archived=true`), 200,
                 { total: 1, data: [{ id: A.org.id }] });
    expectAnswer(await alpha.post(`${ORGS}/${A.org.id}/restore`), 200);
  });
});
