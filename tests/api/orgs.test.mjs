// /api/v1/organisations: create, validation, malformed bodies, listing
// (search, filters, paging, sorting), partial updates, likely duplicates,
// archive and restore, and text that must come back exactly as sent.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, request, startServer } from './lib.mjs';

const ORGS = `${API}/organisations`;
let srv;
let api; // Alpha's manager

before(async () => {
  srv = await startServer({ today: '2026-03-31' });
  api = apiClient(srv.base, srv.tokens.alpha.manager);
});

after(() => srv?.stop());

async function create(fields) {
  const res = await api.post(ORGS, fields);
  expectAnswer(res, 201);
  return res.json.data;
}

async function total(query = '') {
  const res = await api.get(`${ORGS}${query}`);
  expectAnswer(res, 200);
  return res.json.total;
}

describe('create', () => {
  test('201 with Location and the stored organisation', async () => {
    const sent = {
      name: 'Lunds Sensorteknik AB', kind: 'sme', employees: 42, nace: '26.51',
      country: 'se', region: 'Skåne', city: 'Lund', website: 'sensor.example.se',
      registration_no: '556123-4567', tags: ['IoT', 'Sensors'], notes: 'Met at Elmia.',
    };
    const res = await api.post(ORGS, sent);
    expectAnswer(res, 201, {
      data: {
        id: (v) => Number.isInteger(v) && v > 0,
        name: 'Lunds Sensorteknik AB', kind: 'sme', employees: 42, nace: '26.51',
        country: 'SE', region: 'Skåne', city: 'Lund',
        website: 'https://sensor.example.se', registration_no: '556123-4567',
        tags: ['IoT', 'Sensors'], notes: 'Met at Elmia.', archived: false,
        created_at: /^\d{4}-\d\d-\d\d/, updated_at: /^\d{4}-\d\d-\d\d/,
      },
    });
    const id = res.json.data.id;
    assert.equal(res.headers.get('location'), `${ORGS}/${id}`);
    const got = await api.get(res.headers.get('location'));
    expectAnswer(got, 200);
    assert.deepEqual(got.json.data, res.json.data);
  });

  test('only name is required; the rest has defaults', async () => {
    const res = await api.post(ORGS, { name: 'Bare Minimum' });
    expectAnswer(res, 201, {
      data: { name: 'Bare Minimum', kind: 'other', employees: null, tags: [],
              notes: '', website: '' },
    });
  });

  test('kind accepts the label in any case; tags a comma-separated string', async () => {
    const res = await api.post(ORGS, { name: 'Instytut Badawczy', kind: 'Research centre',
                                       tags: 'AI, photonics;  AI ' });
    expectAnswer(res, 201, { data: { kind: 'research', tags: ['AI', 'photonics'] } });
  });

  const INVALID = [
    ['a kind not in the list', { name: 'X1', kind: 'giant' }, 'kind'],
    ['a kind that is not a string', { name: 'X2', kind: 3 }, 'kind'],
    ['no name', { kind: 'sme' }, 'name'],
    ['a blank name', { name: '   ', kind: 'sme' }, 'name'],
    ['a null name', { name: null }, 'name'],
    ['a name that is a number', { name: 12 }, 'name'],
    ['a name over 200 characters', { name: 'Ж'.repeat(201) }, 'name'],
    ['an unknown member', { name: 'X3', colour: 'red' }, 'colour'],
    ['a cluster_id (never taken from the body)', { name: 'X4', cluster_id: 1 }, 'cluster_id'],
    ['negative employees', { name: 'X5', employees: -3 }, 'employees'],
    ['fractional employees', { name: 'X6', employees: 2.5 }, 'employees'],
    ['a bad NACE code', { name: 'X7', nace: '26.1x' }, 'nace'],
    ['a country that is not a code', { name: 'X8', country: 'Sweden' }, 'country'],
    ['a website that is not http', { name: 'X9', website: 'ftp://x.example' }, 'website'],
    ['tags of the wrong type', { name: 'X10', tags: 5 }, 'tags'],
    ['a tag over 50 characters', { name: 'X11', tags: ['t'.repeat(51)] }, 'tags'],
    ['allow_duplicate that is not a boolean', { name: 'X12', allow_duplicate: 'yes' },
     'allow_duplicate'],
  ];
  for (const [label, body, field] of INVALID) {
    test(`422 on ${field} for ${label}`, async () => {
      const before = await total();
      const res = await api.post(ORGS, body);
      expectAnswer(res, 422, { error: { code: 'invalid', field, message: /\S/ } });
      assert.equal(await total(), before, 'nothing was stored');
    });
  }

  const MALFORMED = [
    ['a truncated object', '{"name": "Cut Off"', /line 1, column \d+/],
    ['a syntax error on line 3', '{\n  "name": "X",\n  "kind": ,\n}', /line 3, column \d+/],
    ['text after the object', '{"name": "X"} trailing', /line 1, column \d+/],
    ['an array', '[{"name": "X"}]', /object/],
    ['a string', '"X"', /JSON|object/],
    ['an empty body', '', /JSON/],
    ['a duplicated member', '{"name": "A", "name": "B"}', /duplicate/i],
    ['a form instead of JSON', 'name=X&kind=sme', /line 1, column \d+/],
  ];
  for (const [label, body, message] of MALFORMED) {
    test(`400 for ${label}`, async () => {
      const before = await total();
      const res = await api.send('POST', ORGS, {
        body, headers: { 'content-type': 'application/json' },
      });
      expectAnswer(res, 400, { error: { code: 'bad_request', message, field: null } });
      assert.equal(await total(), before, 'nothing was stored');
    });
  }

  test('413 for a body over 1 MiB', async () => {
    const res = await api.post(ORGS, { name: 'Big', notes: 'x'.repeat(1100 * 1024) });
    expectAnswer(res, 413, { error: { code: 'too_large' } });
  });
});

describe('text comes back exactly as sent', () => {
  const NAMES = [
    '<script>alert(1)</script>',
    'Київський Політехнічний Інститут',
    'Łódzka Spółdzielnia "Żuraw" & Synowie',
    "Malmö Högskola's Lab \\ / \u2028 tab\there",
  ];
  for (const name of NAMES) {
    test(JSON.stringify(name), async () => {
      const made = await create({ name, kind: 'other', allow_duplicate: true,
                                  notes: name, tags: [name.slice(0, 40)] });
      assert.equal(made.name, name);
      const res = await api.get(`${ORGS}/${made.id}`);
      expectAnswer(res, 200, { data: { name, notes: name, tags: [name.slice(0, 40)] } });
      assert.match(res.headers.get('content-type'), /^application\/json/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });
  }
});

describe('update', () => {
  let org;
  before(async () => {
    org = await create({
      name: 'Dresden Photonik GmbH', kind: 'sme', employees: 80, nace: '26.70',
      country: 'DE', region: 'Sachsen', city: 'Dresden', website: 'https://photonik.example.de',
      registration_no: 'HRB 12345', tags: ['Photonics', 'Lasers'], notes: 'Founding member.',
    });
  });

  test('PATCH changes what is sent and keeps everything else', async () => {
    const res = await api.patch(`${ORGS}/${org.id}`, { city: 'Leipzig', employees: 95 });
    expectAnswer(res, 200);
    const { city, employees, updated_at: u1, ...rest } = res.json.data;
    const { city: c0, employees: e0, updated_at: u0, ...rest0 } = org;
    assert.equal(city, 'Leipzig');
    assert.equal(employees, 95);
    assert.deepEqual(rest, rest0);
    const got = await api.get(`${ORGS}/${org.id}`);
    assert.deepEqual(got.json.data, res.json.data);
    org = got.json.data;
  });

  test('PUT reads the same way: only the members sent change', async () => {
    const res = await api.put(`${ORGS}/${org.id}`, { notes: 'Board seat since 2025.' });
    expectAnswer(res, 200, {
      data: { notes: 'Board seat since 2025.', city: 'Leipzig', tags: ['Photonics', 'Lasers'],
              name: 'Dresden Photonik GmbH' },
    });
    org = res.json.data;
  });

  test('null clears employees; an empty array clears tags', async () => {
    const res = await api.patch(`${ORGS}/${org.id}`, { employees: null, tags: [] });
    expectAnswer(res, 200, { data: { employees: null, tags: [], city: 'Leipzig' } });
    org = res.json.data;
  });

  test('an id in the body is ignored: the URL says which', async () => {
    const other = await create({ name: 'Untouched Other AB' });
    const res = await api.patch(`${ORGS}/${org.id}`, { id: other.id, region: 'Sachsen-Anhalt' });
    expectAnswer(res, 200, { data: { id: org.id, region: 'Sachsen-Anhalt' } });
    expectAnswer(await api.get(`${ORGS}/${other.id}`), 200,
                 { data: { name: 'Untouched Other AB', region: '' } });
    org = res.json.data;
  });

  const INVALID = [
    [{ kind: 'huge' }, 'kind'],
    [{ name: '' }, 'name'],
    [{ name: null }, 'name'],
    [{ country: 'Germany' }, 'country'],
    [{ fax: '123' }, 'fax'],
  ];
  for (const [body, field] of INVALID) {
    test(`422 on ${field} for ${JSON.stringify(body)}, and nothing changes`, async () => {
      const res = await api.patch(`${ORGS}/${org.id}`, body);
      expectAnswer(res, 422, { error: { code: 'invalid', field } });
      const got = await api.get(`${ORGS}/${org.id}`);
      assert.deepEqual(got.json.data, org);
    });
  }

  test('400 for a malformed body, and nothing changes', async () => {
    const res = await api.send('PATCH', `${ORGS}/${org.id}`, { body: '{"city": "Ber' });
    expectAnswer(res, 400, { error: { code: 'bad_request', message: /line 1, column/ } });
    assert.deepEqual((await api.get(`${ORGS}/${org.id}`)).json.data, org);
  });

  test('404 for an organisation that does not exist', async () => {
    expectAnswer(await api.patch(`${ORGS}/999999`, { city: 'X' }), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await api.put(`${ORGS}/999999`, { city: 'X' }), 404,
                 { error: { code: 'not_found' } });
  });
});

describe('likely duplicates', () => {
  let first;
  let second; // stored with allow_duplicate
  before(async () => {
    first = await create({ name: 'Nordic Sensors AB', kind: 'sme',
                           registration_no: '556677-8899' });
  });

  const DUPLICATES = [
    ['the same name', { name: 'Nordic Sensors AB' }, 'name'],
    ['the same name in other case and spacing', { name: '  nordic   SENSORS ab ' }, 'name'],
    ['the same registration number', { name: 'NS Holding', registration_no: '556677-8899' },
     'registration_no'],
  ];
  for (const [label, body, field] of DUPLICATES) {
    test(`409 naming the existing organisation for ${label}`, async () => {
      const before = await total();
      const res = await api.post(ORGS, body);
      expectAnswer(res, 409, { error: { code: 'conflict', field } });
      assert.match(res.json.error.message, new RegExp(`\\b${first.id}\\b`));
      assert.match(res.json.error.message, /allow_duplicate/);
      assert.equal(await total(), before, 'nothing was stored');
    });
  }

  test('allow_duplicate: true stores it anyway (201)', async () => {
    const res = await api.post(ORGS, { name: 'Nordic Sensors AB', allow_duplicate: true });
    expectAnswer(res, 201, { data: { name: 'Nordic Sensors AB' } });
    assert.notEqual(res.json.data.id, first.id);
    second = res.json.data;
  });

  test('allow_duplicate: false is the same as leaving it out', async () => {
    expectAnswer(await api.post(ORGS, { name: 'Nordic Sensors AB', allow_duplicate: false }),
                 409, { error: { code: 'conflict' } });
  });

  test('renaming onto another organisation\'s name is 409 unless allowed', async () => {
    const other = await create({ name: 'Baltic Sensors AB' });
    expectAnswer(await api.patch(`${ORGS}/${other.id}`, { name: 'NORDIC sensors AB' }), 409,
                 { error: { code: 'conflict', field: 'name',
                            message: new RegExp(`\\b(${first.id}|${second.id})\\b`) } });
    expectAnswer(await api.get(`${ORGS}/${other.id}`), 200, { data: { name: 'Baltic Sensors AB' } });
    expectAnswer(await api.patch(`${ORGS}/${other.id}`,
                                 { name: 'Nordic Sensors AB', allow_duplicate: true }),
                 200, { data: { name: 'Nordic Sensors AB' } });
  });

  test('an organisation is not a duplicate of itself', async () => {
    const solo = await create({ name: 'Solitary Sensors Oy', registration_no: 'FI-123' });
    expectAnswer(await api.patch(`${ORGS}/${solo.id}`,
                                 { name: 'Solitary Sensors Oy', registration_no: 'FI-123',
                                   notes: 'unchanged name' }),
                 200, { data: { notes: 'unchanged name' } });
  });
});

describe('archive and restore', () => {
  let org;
  before(async () => {
    org = await create({ name: 'Archivable Ventures', kind: 'startup', region: 'ArchiveLand' });
  });

  test('archive answers the organisation, archived; it leaves the list', async () => {
    expectAnswer(await api.get(`${ORGS}?region=ArchiveLand`), 200, { total: 1 });
    const res = await api.post(`${ORGS}/${org.id}/archive`);
    expectAnswer(res, 200, { data: { id: org.id, name: 'Archivable Ventures', archived: true } });
    expectAnswer(await api.get(`${ORGS}?region=ArchiveLand`), 200, { total: 0, data: [] });
    expectAnswer(await api.get(`${ORGS}?region=ArchiveLand&archived=true`), 200,
                 { total: 1, data: [{ id: org.id, archived: true }] });
    expectAnswer(await api.get(`${ORGS}/${org.id}`), 200, { data: { archived: true } });
  });

  test('archiving twice is harmless', async () => {
    expectAnswer(await api.post(`${ORGS}/${org.id}/archive`), 200, { data: { archived: true } });
  });

  test('restore brings it back', async () => {
    const res = await api.post(`${ORGS}/${org.id}/restore`);
    expectAnswer(res, 200, { data: { id: org.id, archived: false } });
    expectAnswer(await api.get(`${ORGS}?region=ArchiveLand`), 200,
                 { total: 1, data: [{ id: org.id, archived: false }] });
    expectAnswer(await api.get(`${ORGS}?region=ArchiveLand&archived=true`), 200, { total: 0 });
  });

  test('404 for an organisation that does not exist', async () => {
    expectAnswer(await api.post(`${ORGS}/999999/archive`), 404, { error: { code: 'not_found' } });
    expectAnswer(await api.post(`${ORGS}/999999/restore`), 404, { error: { code: 'not_found' } });
  });

  test('422 for an archived filter that is not a boolean', async () => {
    expectAnswer(await api.get(`${ORGS}?archived=maybe`), 422,
                 { error: { code: 'invalid', field: 'archived' } });
  });
});

// The listing gets a server of its own, so that the rows are exactly these.
describe('list: search, filters, paging, sorting', () => {
  let lsrv;
  let lapi;
  const ROWS = [
    { name: 'Київський Політехнічний Інститут', kind: 'university', employees: 5000,
      region: 'Kyiv', city: 'Київ', tags: ['AI', 'Robotics'] },
    { name: 'Lund Robotics AB', kind: 'sme', employees: 40, region: 'Skåne',
      city: 'Lund', tags: ['robotics'] },
    { name: 'Müller Maschinenbau GmbH', kind: 'large', employees: 1200, region: 'Bayern',
      city: 'München', tags: ['Manufacturing'] },
    { name: 'Politechnika Wrocławska', kind: 'university', employees: 3000,
      region: 'Dolnośląskie', city: 'Wrocław', tags: ['ai'] },
    { name: 'Zeta Consulting', kind: 'micro', region: 'Skåne', city: 'Malmö' },
    { name: 'Agrotech Start', kind: 'startup', employees: 3, region: 'Kyiv',
      city: 'Бровари', tags: ['AgriTech'] },
  ];
  const ids = {};

  before(async () => {
    lsrv = await startServer({ today: '2026-03-31' });
    lapi = apiClient(lsrv.base, lsrv.tokens.alpha.admin);
    for (const row of ROWS) {
      const res = await lapi.post(ORGS, row);
      expectAnswer(res, 201);
      ids[row.name] = res.json.data.id;
    }
  });
  after(() => lsrv?.stop());

  const names = (res) => res.json.data.map((o) => o.name);

  const FILTERS = [
    ['q=київськ finds Cyrillic in any case', '?q=київськ', ['Київський Політехнічний Інститут']],
    ['q=КИЇВСЬК (upper case)', '?q=%D0%9A%D0%98%D0%87%D0%92%D0%A1%D0%AC%D0%9A',
     ['Київський Політехнічний Інститут']],
    ['q=politechn (Latin, lower case)', '?q=POLITECHN',
     ['Politechnika Wrocławska']],
    ['q=müller', '?q=m%C3%BCller', ['Müller Maschinenbau GmbH']],
    ['q=MÜLLER', '?q=M%C3%9CLLER', ['Müller Maschinenbau GmbH']],
    ['q matches the city', '?q=бровари', ['Agrotech Start']],
    ['q matches a tag', '?q=manufact', ['Müller Maschinenbau GmbH']],
    ['q with no match', '?q=nothing-like-this', []],
    ['q treats punctuation as a space', '?q=lund_robotics', ['Lund Robotics AB']],
    ['kind=university', '?kind=university',
     ['Politechnika Wrocławska', 'Київський Політехнічний Інститут']],
    ['kind by label', '?kind=Large%20enterprise', ['Müller Maschinenbau GmbH']],
    ['tag=robotics in any case', '?tag=ROBOTICS',
     ['Lund Robotics AB', 'Київський Політехнічний Інститут']],
    ['tag=AI', '?tag=AI', ['Politechnika Wrocławska', 'Київський Політехнічний Інститут']],
    ['region=Skåne', '?region=Sk%C3%A5ne', ['Lund Robotics AB', 'Zeta Consulting']],
    ['kind and tag together', '?kind=university&tag=robotics',
     ['Київський Політехнічний Інститут']],
    ['region and q together', '?region=Kyiv&q=agro', ['Agrotech Start']],
  ];
  for (const [label, query, expected] of FILTERS) {
    test(label, async () => {
      const res = await lapi.get(`${ORGS}${query}`);
      expectAnswer(res, 200, { total: expected.length, page: 1, per_page: 25 });
      assert.deepEqual(names(res), expected);
    });
  }

  test('the list envelope: data, total, page, per_page', async () => {
    const res = await lapi.get(ORGS);
    expectAnswer(res, 200, { total: ROWS.length, page: 1, per_page: 25 });
    assert.deepEqual(Object.keys(res.json).sort(), ['data', 'page', 'per_page', 'total']);
    assert.equal(res.json.data.length, ROWS.length);
    const lund = res.json.data.find((o) => o.name === 'Lund Robotics AB');
    assert.deepEqual(lund.tags, ['robotics']);
  });

  test('paging: pages of 4 hold 4 and 2, total stays 6, then empty', async () => {
    const all = names(await lapi.get(`${ORGS}?per_page=100`));
    const p1 = await lapi.get(`${ORGS}?per_page=4&page=1`);
    const p2 = await lapi.get(`${ORGS}?per_page=4&page=2`);
    const p3 = await lapi.get(`${ORGS}?per_page=4&page=3`);
    expectAnswer(p1, 200, { total: 6, page: 1, per_page: 4 });
    expectAnswer(p2, 200, { total: 6, page: 2, per_page: 4 });
    expectAnswer(p3, 200, { total: 6, page: 3, per_page: 4, data: [] });
    assert.equal(p1.json.data.length, 4);
    assert.equal(p2.json.data.length, 2);
    assert.deepEqual([...names(p1), ...names(p2)], all);
  });

  const BAD_QUERIES = [
    ['per_page=0', 'per_page'], ['per_page=101', 'per_page'], ['per_page=ten', 'per_page'],
    ['page=0', 'page'], ['page=-1', 'page'], ['page=x', 'page'],
    ['kind=giant', 'kind'], ['sort=colour', 'sort'], ['sort=-', 'sort'],
  ];
  for (const [query, field] of BAD_QUERIES) {
    test(`422 on ${field} for ?${query}`, async () => {
      expectAnswer(await lapi.get(`${ORGS}?${query}`), 422,
                   { error: { code: 'invalid', field } });
    });
  }

  test('sort=employees: smallest first, unknown last', async () => {
    const res = await lapi.get(`${ORGS}?sort=employees`);
    expectAnswer(res, 200);
    assert.deepEqual(res.json.data.map((o) => o.employees), [3, 40, 1200, 3000, 5000, null]);
  });

  test('sort=-employees: largest first, unknown still last', async () => {
    const res = await lapi.get(`${ORGS}?sort=-employees`);
    assert.deepEqual(res.json.data.map((o) => o.employees), [5000, 3000, 1200, 40, 3, null]);
  });

  test('sort=name and sort=-name are each other\'s reverse', async () => {
    const up = names(await lapi.get(`${ORGS}?sort=name`));
    const down = names(await lapi.get(`${ORGS}?sort=-name`));
    assert.equal(up.length, ROWS.length);
    assert.deepEqual(down, [...up].reverse());
    assert.equal(up[0], 'Agrotech Start');
    assert.equal(up[1], 'Lund Robotics AB');
  });

  test('sort=kind groups the kinds', async () => {
    const res = await lapi.get(`${ORGS}?sort=kind`);
    const kinds = res.json.data.map((o) => o.kind);
    assert.deepEqual(kinds, [...kinds].sort());
  });

  test('sort=city puts organisations without a city last', async () => {
    const made = await lapi.post(ORGS, { name: 'Nowhere Ltd' });
    expectAnswer(made, 201);
    const res = await lapi.get(`${ORGS}?sort=city`);
    assert.equal(res.json.data.at(-1).name, 'Nowhere Ltd');
    await lapi.post(`${ORGS}/${made.json.data.id}/archive`);
  });

  test('sort=-updated: the one changed last comes first', async () => {
    const id = ids['Lund Robotics AB'];
    // Time stamps have whole seconds; the rows above were made in this one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expectAnswer(await lapi.patch(`${ORGS}/${id}`, { notes: 'touched' }), 200);
    const res = await lapi.get(`${ORGS}?sort=-updated`);
    assert.equal(res.json.data[0].id, id);
  });
});

test('unknown query parameters are ignored', async () => {
  const res = await api.get(`${ORGS}?colour=red`);
  expectAnswer(res, 200);
});

test('HEAD on a list answers like GET, without a body', async () => {
  const res = await request(srv.base, 'HEAD', ORGS, { token: srv.tokens.alpha.manager });
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
});
