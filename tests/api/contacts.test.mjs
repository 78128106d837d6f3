// /api/v1/contacts and /api/v1/organisations/{id}/contacts: create,
// validation, consent dates against "today", partial updates, one entry
// point per organisation, archive and restore, listing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, startServer } from './lib.mjs';

const TODAY = '2026-03-31';
const ORGS = `${API}/organisations`;
const CONTACTS = `${API}/contacts`;
let srv;
let api;
let org;   // Göteborg Marin AB
let org2;  // Gdańsk Stocznia Sp. z o.o.

before(async () => {
  srv = await startServer({ today: TODAY });
  api = apiClient(srv.base, srv.tokens.alpha.manager);
  let res = await api.post(ORGS, { name: 'Göteborg Marin AB', kind: 'sme' });
  expectAnswer(res, 201);
  org = res.json.data;
  res = await api.post(ORGS, { name: 'Gdańsk Stocznia Sp. z o.o.', kind: 'large' });
  expectAnswer(res, 201);
  org2 = res.json.data;
});

after(() => srv?.stop());

async function create(fields) {
  const res = await api.post(CONTACTS, fields);
  expectAnswer(res, 201);
  return res.json.data;
}

async function get(id) {
  const res = await api.get(`${CONTACTS}/${id}`);
  expectAnswer(res, 200);
  return res.json.data;
}

async function total(query = '') {
  const res = await api.get(`${CONTACTS}${query}`);
  expectAnswer(res, 200);
  return res.json.total;
}

describe('create', () => {
  test('201 with Location and the stored contact', async () => {
    const res = await api.post(CONTACTS, {
      organisation_id: org.id, name: 'Astrid Lindqvist', email: 'Astrid@Marin.Example.se',
      phone: '+46 31 123 45 67', position: 'CTO', entry_point: true,
      email_consent: { given: true, date: '2026-03-01', source: 'event' },
    });
    expectAnswer(res, 201, {
      data: {
        id: (v) => Number.isInteger(v) && v > 0,
        organisation_id: org.id, organisation_name: 'Göteborg Marin AB',
        name: 'Astrid Lindqvist', email: 'astrid@marin.example.se',
        phone: '+46 31 123 45 67', position: 'CTO', entry_point: true,
        email_consent: { given: true, date: '2026-03-01', source: 'event' },
        archived: false,
      },
    });
    assert.equal(res.headers.get('location'), `${CONTACTS}/${res.json.data.id}`);
    const got = await get(res.json.data.id);
    assert.deepEqual(got, res.json.data);
  });

  test('consent without a date is dated today (the server\'s --today)', async () => {
    const c = await create({ organisation_id: org.id, name: 'Oskar Berg',
                             email: 'oskar@marin.example.se', email_consent: true });
    assert.deepEqual(c.email_consent, { given: true, date: TODAY, source: null });
  });

  test('consent given today is accepted', async () => {
    const c = await create({ organisation_id: org2.id, name: 'Zofia Nowak',
                             email: 'zofia@stocznia.example.pl',
                             email_consent: { given: true, date: TODAY, source: 'form' } });
    assert.equal(c.email_consent.date, TODAY);
  });

  const INVALID = [
    ['a bad e-mail', { name: 'A', email: 'not-an-address' }, 'email'],
    ['an e-mail with a space', { name: 'A', email: 'a b@example.com' }, 'email'],
    ['no name', { email: 'x@example.com' }, 'name'],
    ['a blank name', { name: ' ' }, 'name'],
    ['no organisation', { name: 'A', organisation_id: undefined }, 'organisation_id'],
    ['organisation 0', { name: 'A', organisation_id: 0 }, 'organisation_id'],
    ['an organisation given as text', { name: 'A', organisation_id: '1' }, 'organisation_id'],
    ['an organisation that does not exist', { name: 'A', organisation_id: 999999 },
     'organisation_id'],
    ['an unknown member', { name: 'A', mobile: '123' }, 'mobile'],
    ['a phone with letters', { name: 'A', phone: 'call me' }, 'phone'],
    ['entry_point that is not a boolean', { name: 'A', entry_point: 'yes' }, 'entry_point'],
    ['consent without an e-mail', { name: 'A', email_consent: true }, 'email_consent'],
    ['consent dated tomorrow', { name: 'A', email: 'a@example.com',
                                 email_consent: { given: true, date: '2026-04-01' } },
     'email_consent'],
    ['consent with a bad date', { name: 'A', email: 'a@example.com',
                                  email_consent: { given: true, date: '31.03.2026' } },
     'email_consent'],
    ['consent without given', { name: 'A', email: 'a@example.com',
                                email_consent: { date: '2026-03-01' } }, 'email_consent'],
  ];
  for (const [label, fields, field] of INVALID) {
    test(`422 on ${field} for ${label}`, async () => {
      const before = await total();
      const body = { organisation_id: org.id, ...fields };
      const res = await api.post(CONTACTS, body);
      expectAnswer(res, 422, { error: { code: 'invalid', field, message: /\S/ } });
      assert.equal(await total(), before, 'nothing was stored');
    });
  }

  test('400 for malformed JSON, naming line and column', async () => {
    const res = await api.send('POST', CONTACTS, { body: '{"name": "A",\n"email": }' });
    expectAnswer(res, 400, { error: { code: 'bad_request', message: /line 2, column \d+/ } });
  });
});

describe('update', () => {
  let c;
  before(async () => {
    c = await create({ organisation_id: org.id, name: 'Erik Holm', email: 'erik@marin.example.se',
                       phone: '031-555 12', position: 'Sales',
                       email_consent: { given: true, date: '2026-02-02', source: 'fair' } });
  });

  test('PATCH changes what is sent and keeps everything else', async () => {
    const res = await api.patch(`${CONTACTS}/${c.id}`, { position: 'Head of Sales' });
    expectAnswer(res, 200);
    const { position, updated_at: u1, ...rest } = res.json.data;
    const { position: p0, updated_at: u0, ...rest0 } = c;
    assert.equal(position, 'Head of Sales');
    assert.deepEqual(rest, rest0);
    assert.deepEqual(await get(c.id), res.json.data);
    c = res.json.data;
  });

  test('email_consent: true keeps the recorded date and source', async () => {
    const res = await api.put(`${CONTACTS}/${c.id}`, { email_consent: true });
    expectAnswer(res, 200, {
      data: { email_consent: { given: true, date: '2026-02-02', source: 'fair' },
              position: 'Head of Sales' },
    });
  });

  test('email_consent: false withdraws it', async () => {
    const res = await api.patch(`${CONTACTS}/${c.id}`, { email_consent: false });
    expectAnswer(res, 200, { data: { email_consent: { given: false, date: null, source: null } } });
    c = res.json.data;
  });

  test('moving to another organisation of the cluster', async () => {
    const res = await api.patch(`${CONTACTS}/${c.id}`, { organisation_id: org2.id });
    expectAnswer(res, 200, { data: { organisation_id: org2.id,
                                     organisation_name: 'Gdańsk Stocznia Sp. z o.o.' } });
    c = res.json.data;
  });

  const INVALID = [
    [{ email: 'nope' }, 'email'],
    [{ name: '' }, 'name'],
    [{ organisation_id: 999999 }, 'organisation_id'],
    [{ email_consent: { given: true, date: '2027-01-01' } }, 'email_consent'],
    [{ id: 5, nickname: 'E' }, 'nickname'],
  ];
  for (const [body, field] of INVALID) {
    test(`422 on ${field} for ${JSON.stringify(body)}, and nothing changes`, async () => {
      expectAnswer(await api.patch(`${CONTACTS}/${c.id}`, body), 422,
                   { error: { code: 'invalid', field } });
      assert.deepEqual(await get(c.id), c);
    });
  }

  test('404 for a contact that does not exist', async () => {
    expectAnswer(await api.patch(`${CONTACTS}/999999`, { name: 'X' }), 404,
                 { error: { code: 'not_found' } });
  });
});

describe('one entry point per organisation', () => {
  let home; // an organisation of its own
  let a;
  let b;
  let other; // the entry point of another organisation

  before(async () => {
    const res = await api.post(ORGS, { name: 'Entry Point Testers Oy' });
    expectAnswer(res, 201);
    home = res.json.data;
    other = await create({ organisation_id: org2.id, name: 'Piotr Entry', entry_point: true });
  });

  test('the first entry point takes the flag', async () => {
    a = await create({ organisation_id: home.id, name: 'Anna First', entry_point: true });
    assert.equal(a.entry_point, true);
  });

  test('a new entry point takes it from the old one', async () => {
    b = await create({ organisation_id: home.id, name: 'Bo Second', entry_point: true });
    assert.equal(b.entry_point, true);
    assert.equal((await get(a.id)).entry_point, false);
    assert.equal((await get(other.id)).entry_point, true, 'other organisations keep theirs');
  });

  test('making a contact the entry point by PATCH moves the flag back', async () => {
    expectAnswer(await api.patch(`${CONTACTS}/${a.id}`, { entry_point: true }), 200,
                 { data: { entry_point: true } });
    assert.equal((await get(b.id)).entry_point, false);
  });

  test('the organisation\'s contact list shows exactly one entry point', async () => {
    const res = await api.get(`${ORGS}/${home.id}/contacts`);
    expectAnswer(res, 200, { total: 2 });
    assert.deepEqual(res.json.data.filter((x) => x.entry_point).map((x) => x.id), [a.id]);
  });

  test('an entry point archived and restored after another took over is not one', async () => {
    expectAnswer(await api.post(`${CONTACTS}/${a.id}/archive`), 200,
                 { data: { archived: true } });
    expectAnswer(await api.patch(`${CONTACTS}/${b.id}`, { entry_point: true }), 200,
                 { data: { entry_point: true } });
    expectAnswer(await api.post(`${CONTACTS}/${a.id}/restore`), 200,
                 { data: { archived: false, entry_point: false } });
    assert.equal((await get(b.id)).entry_point, true);
  });
});

describe('archive and restore', () => {
  let c;
  before(async () => {
    c = await create({ organisation_id: org.id, name: 'Archie Archivable' });
  });

  test('archive answers the contact, archived; it leaves the lists', async () => {
    expectAnswer(await api.post(`${CONTACTS}/${c.id}/archive`), 200,
                 { data: { id: c.id, archived: true } });
    expectAnswer(await api.get(`${CONTACTS}?q=archie`), 200, { total: 0 });
    expectAnswer(await api.get(`${CONTACTS}?q=archie&archived=true`), 200,
                 { total: 1, data: [{ id: c.id, archived: true }] });
    const res = await api.get(`${ORGS}/${org.id}/contacts`);
    assert.ok(!res.json.data.some((x) => x.id === c.id));
    expectAnswer(await api.get(`${CONTACTS}/${c.id}`), 200, { data: { archived: true } });
  });

  test('restore brings it back', async () => {
    expectAnswer(await api.post(`${CONTACTS}/${c.id}/restore`), 200,
                 { data: { archived: false } });
    expectAnswer(await api.get(`${CONTACTS}?q=archie`), 200,
                 { total: 1, data: [{ id: c.id }] });
  });

  test('404 for a contact that does not exist', async () => {
    expectAnswer(await api.post(`${CONTACTS}/999999/archive`), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await api.post(`${CONTACTS}/999999/restore`), 404,
                 { error: { code: 'not_found' } });
  });
});

describe('lists', () => {
  let lo; // an organisation with exactly these contacts
  const PEOPLE = [
    { name: 'Olena Шевченко', email: 'olena@list.example.ua' },
    { name: 'Björn Åkesson', email: 'bjorn@list.example.se' },
    { name: 'Jürgen Weiß', email: 'juergen@list.example.de' },
    { name: 'Małgorzata Wójcik', email: 'malgorzata@list.example.pl' },
    { name: 'Ярослав Коваленко', email: '' },
  ];

  before(async () => {
    const res = await api.post(ORGS, { name: 'List Holders Ltd' });
    expectAnswer(res, 201);
    lo = res.json.data;
    for (const p of PEOPLE)
      await create({ organisation_id: lo.id, ...p });
  });

  test('q searches names in any case, Cyrillic included', async () => {
    const res = await api.get(`${CONTACTS}?q=${encodeURIComponent('ШЕВЧЕНКО')}`);
    expectAnswer(res, 200, { total: 1, data: [{ name: 'Olena Шевченко' }] });
    const res2 = await api.get(`${CONTACTS}?q=${encodeURIComponent('коваленко')}`);
    expectAnswer(res2, 200, { total: 1, data: [{ name: 'Ярослав Коваленко' }] });
  });

  test('q searches e-mail addresses', async () => {
    expectAnswer(await api.get(`${CONTACTS}?q=juergen%40list`), 200,
                 { total: 1, data: [{ name: 'Jürgen Weiß' }] });
  });

  test('organisation_id filters; the organisation\'s own list agrees', async () => {
    const a = await api.get(`${CONTACTS}?organisation_id=${lo.id}&per_page=100`);
    const b = await api.get(`${ORGS}/${lo.id}/contacts?per_page=100`);
    expectAnswer(a, 200, { total: PEOPLE.length });
    expectAnswer(b, 200, { total: PEOPLE.length, page: 1, per_page: 100 });
    assert.deepEqual(a.json.data, b.json.data);
    assert.ok(a.json.data.every((x) => x.organisation_id === lo.id &&
                                       x.organisation_name === 'List Holders Ltd'));
  });

  test('the organisation in the URL wins over one in the query', async () => {
    const res = await api.get(`${ORGS}/${lo.id}/contacts?organisation_id=${org.id}`);
    expectAnswer(res, 200, { total: PEOPLE.length });
  });

  test('paging keeps the total', async () => {
    const p1 = await api.get(`${ORGS}/${lo.id}/contacts?per_page=2&page=1&sort=name`);
    const p3 = await api.get(`${ORGS}/${lo.id}/contacts?per_page=2&page=3&sort=name`);
    expectAnswer(p1, 200, { total: 5, page: 1, per_page: 2 });
    expectAnswer(p3, 200, { total: 5, page: 3, per_page: 2 });
    assert.equal(p1.json.data.length, 2);
    assert.equal(p3.json.data.length, 1);
  });

  test('sort=email puts contacts without one last; -name reverses name', async () => {
    const byEmail = await api.get(`${ORGS}/${lo.id}/contacts?sort=email`);
    assert.deepEqual(byEmail.json.data.map((x) => x.email),
                     ['bjorn@list.example.se', 'juergen@list.example.de',
                      'malgorzata@list.example.pl', 'olena@list.example.ua', '']);
    const up = (await api.get(`${ORGS}/${lo.id}/contacts?sort=name`)).json.data.map((x) => x.id);
    const down = (await api.get(`${ORGS}/${lo.id}/contacts?sort=-name`)).json.data.map((x) => x.id);
    assert.deepEqual(down, [...up].reverse());
  });

  const BAD = [
    ['organisation_id=abc', 'organisation_id'], ['sort=phone', 'sort'],
    ['per_page=1000', 'per_page'], ['archived=perhaps', 'archived'],
  ];
  for (const [query, field] of BAD) {
    test(`422 on ${field} for ?${query}`, async () => {
      expectAnswer(await api.get(`${CONTACTS}?${query}`), 422,
                   { error: { code: 'invalid', field } });
    });
  }

  test('an organisation that does not exist has no contact list (404)', async () => {
    expectAnswer(await api.get(`${ORGS}/999999/contacts`), 404,
                 { error: { code: 'not_found' } });
  });
});
