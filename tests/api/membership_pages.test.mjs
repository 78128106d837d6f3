// The membership pages through a real server and a cookie jar: tiers and
// settings forms (errors beside fields, input kept, nothing stored), the
// public price list and application form of a cluster (no sign-in, CSRF
// by the pre-session cookie), the members list with approve and decline,
// the membership block of an organisation's page and its changes, roles
// (the board reads only) and tenancy (another cluster's membership is a
// 404). Every page is checked with tidy.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { API, PageClient, apiClient, expectAnswer, signIn, startServer } from './lib.mjs';

const XSS = '<script>alert(1)</script>';
let srv, admin, manager, board, betaManager, alphaApi;

before(async () => {
  srv = await startServer({ today: '2026-03-31' });
  admin = await signIn(srv.base, srv.users.alpha.admin);
  manager = await signIn(srv.base, srv.users.alpha.manager);
  board = await signIn(srv.base, srv.users.alpha.board);
  betaManager = await signIn(srv.base, srv.users.beta.manager);
  alphaApi = apiClient(srv.base, srv.tokens.alpha.manager);
});

after(() => srv?.stop());

/* tidy's complaints about html ("" when clean). */
function tidy(html) {
  return new Promise((resolve) => {
    const child = execFile('tidy', ['-q', '-e', '--warn-proprietary-attributes', 'no'],
                           (err, stdout, stderr) => resolve(stderr.trim()));
    child.stdin.end(html);
  });
}

async function assertTidy(client, path, status = 200) {
  const res = await client.get(path);
  assert.equal(res.status, status, `${path}: ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, path);
  assert.equal(await tidy(res.text), '', `${path} is not clean HTML`);
  return res;
}

/* The cluster's organisations of exactly that name (API). */
async function orgsNamed(name) {
  const res = await alphaApi.get(`${API}/organisations?q=${encodeURIComponent(name)}`);
  expectAnswer(res, 200);
  return res.json.data.filter((o) => o.name === name);
}

/* The table row of the members list that names the organisation. */
function rowOf(html, name) {
  const rows = html.split('<tr>').filter((r) => r.includes(`>${name}</a>`));
  return rows.length ? rows[0] : null;
}

const TIERS = {
  large: { name: 'Large enterprise', annual_fee: '20,000', kinds: ['large'],
           active: '1', description: 'Board seat and all events.' },
  sme: { name: 'SME', annual_fee: '1 500.50', kinds: ['sme', 'micro', 'startup'],
         active: '1', description: 'Working groups.' },
  old: { name: 'Old founding tier', annual_fee: '900', kinds: [],
         description: 'No longer offered.' },
  associate: { name: 'Associate', annual_fee: '0', kinds: ['public', 'university'],
               associate: '1', active: '1', description: 'Premises and contacts.' },
};
const tierIds = {};

describe('tiers and settings', () => {
  test('tiers are created through the form and listed with their fees', async () => {
    for (const [key, fields] of Object.entries(TIERS)) {
      const res = await manager.post('/settings/tiers/new', fields);
      assert.equal(res.status, 303, `${key}: ${res.text.slice(0, 400)}`);
      assert.equal(res.location, '/settings/tiers?msg=created');
    }
    const beta = await betaManager.post('/settings/tiers/new',
                                        { name: 'Beta Only Tier', annual_fee: '700', active: '1' });
    assert.equal(beta.status, 303, beta.text.slice(0, 400));
    const list = await assertTidy(manager, '/settings/tiers');
    assert.match(list.text, /Large enterprise/);
    assert.match(list.text, /20,000\.00 EUR/);
    assert.match(list.text, /1,500\.50 EUR/);
    assert.match(list.text, /two half-year instalments/);
    assert.doesNotMatch(list.text, /Beta Only Tier/);
    for (const m of list.text.matchAll(/<tr><td>([^<]+)(?:<div[^>]*>[^<]*<\/div>)?<\/td>[\s\S]*?\/settings\/tiers\/(\d+)\/edit/g))
      tierIds[m[1]] = m[2];
    assert.ok(tierIds['Large enterprise'] && tierIds.SME && tierIds.Associate &&
              tierIds['Old founding tier'], JSON.stringify(tierIds));
  });

  test('a bad tier form shows each error beside its field, keeps the input and stores nothing', async () => {
    const res = await manager.post('/settings/tiers/new', {
      name: '', annual_fee: 'lots', kinds: ['sme'], active: '1', description: `Kept ${XSS}`,
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="name-error"/);
    assert.match(res.text, /id="annual_fee-error"/);
    assert.match(res.text, /value="lots"/);
    assert.match(res.text, /id="kind-sme"[^>]*checked/);
    assert.ok(res.text.includes('Kept &lt;script&gt;'));
    assert.ok(!res.text.includes(XSS));
    assert.equal(await tidy(res.text), '');
    const dup = await manager.post('/settings/tiers/new', { name: 'sme', annual_fee: '10' });
    assert.equal(dup.status, 409, dup.text.slice(0, 300));
    assert.match(dup.text, /id="name-error"/);
    const assoc = await manager.post('/settings/tiers/new',
                                     { name: 'Paid associate', annual_fee: '100', associate: '1' });
    assert.equal(assoc.status, 422);
    assert.match(assoc.text, /id="annual_fee-error"/);
    const list = await manager.get('/settings/tiers');
    assert.doesNotMatch(list.text, /Paid associate/);
    assert.equal((list.text.match(/\/settings\/tiers\/\d+\/edit/g) || []).length, 4);
  });

  test('a tier is edited through its form', async () => {
    const id = tierIds['Old founding tier'];
    await assertTidy(manager, `/settings/tiers/${id}/edit`);
    const res = await manager.post(`/settings/tiers/${id}/edit`, {
      name: 'Founding tier', annual_fee: '950', description: 'Closed.',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const list = await manager.get('/settings/tiers');
    assert.match(list.text, /Founding tier/);
    assert.match(list.text, /950\.00 EUR/);
  });

  test('a tier of another cluster is a 404 and the board may not write tiers', async () => {
    const other = await betaManager.get(`/settings/tiers/${tierIds.SME}/edit`);
    assert.equal(other.status, 404);
    const otherPost = await betaManager.post(`/settings/tiers/${tierIds.SME}/edit`,
                                             { name: 'Taken over', annual_fee: '1' });
    assert.equal(otherPost.status, 404);
    const res = await board.post('/settings/tiers/new', { name: 'Board tier', annual_fee: '1' });
    assert.equal(res.status, 403);
    assert.equal((await board.get('/settings/tiers')).status, 200);
  });

  test('settings: wrong values are shown beside their fields and nothing is saved', async () => {
    const form = await assertTidy(admin, '/settings');
    assert.match(form.text, /name="currency"[^>]*value="EUR"/);
    assert.match(form.text, /value="15,000\.00"/);
    const bad = await admin.post('/settings', {
      currency: 'euro', fy_start_month: '13', instalment_threshold: 'much',
      grace_days: '400', email: 'not-an-address', legal_name: 'Kept Legal Name',
    });
    assert.equal(bad.status, 422);
    for (const field of ['currency', 'fy_start_month', 'instalment_threshold',
                         'grace_days', 'email'])
      assert.match(bad.text, new RegExp(`id="${field}-error"`), field);
    assert.match(bad.text, /value="euro"/);
    assert.match(bad.text, /value="Kept Legal Name"/);
    assert.equal(await tidy(bad.text), '');
    const again = await admin.get('/settings');
    assert.doesNotMatch(again.text, /Kept Legal Name/);
    assert.match(again.text, /name="grace_days" value="60"/);
  });

  test('settings are saved and shown again; only admins reach them', async () => {
    const res = await admin.post('/settings', {
      currency: 'eur', fy_start_month: '1', instalment_threshold: '15 000',
      prorata: '1', grace_days: '45', legal_name: 'Alpha Cluster e.V.',
      address: 'Hauptstraße 1\n01067 Dresden', email: 'office@alpha.example',
      website: 'https://alpha.example', vat_id: 'DE123456789',
      bank_account: 'DE89 3704 0044 0532 0130 00',
      benefits: 'Matchmaking between members\nTrade-fair missions',
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, '/settings?msg=saved');
    const form = await admin.get('/settings?msg=saved');
    assert.match(form.text, /Saved\./);
    assert.match(form.text, /name="grace_days" value="45"/);
    assert.match(form.text, /value="Alpha Cluster e.V."/);
    assert.match(form.text, /id="prorata"[^>]*checked/);
    assert.match(form.text, /Hauptstraße 1/);
    assert.equal((await manager.get('/settings')).status, 403);
    assert.equal((await manager.post('/settings', { currency: 'SEK' })).status, 403);
  });
});

describe('the public price list and application', () => {
  const anon = new PageClient('');
  let appliedId;

  before(() => {
    anon.base = srv.base;
  });

  test('the price list shows the active tiers of its cluster only, with no sign-in', async () => {
    const res = await assertTidy(anon, '/clusters/alpha-cluster/prices');
    assert.match(res.text, /Alpha Cluster/);
    assert.match(res.text, /Large enterprise/);
    assert.match(res.text, /20,000\.00 EUR a year/);
    assert.match(res.text, /Paid in two half-year instalments/);
    assert.match(res.text, /1,500\.50 EUR a year/);
    assert.match(res.text, /Associate/);
    assert.match(res.text, /Matchmaking between members/);
    assert.match(res.text, /href="\/clusters\/alpha-cluster\/apply"/);
    assert.doesNotMatch(res.text, /Founding tier/);
    assert.doesNotMatch(res.text, /Beta Only Tier/);
    // One instalment note: only the large tier is over the threshold.
    assert.equal(res.text.match(/half-year instalments/g).length, 1);
    const beta = await anon.get('/clusters/beta-cluster/prices');
    assert.equal(beta.status, 200);
    assert.match(beta.text, /Beta Only Tier/);
    assert.doesNotMatch(beta.text, /Large enterprise/);
    await assertTidy(anon, '/clusters/no-such-cluster/prices', 404);
    assert.equal((await anon.get('/clusters/alpha-cluster/other')).status, 404);
    assert.equal((await anon.get('/clusters/alpha-cluster')).status, 404);
  });

  test('an application with faults shows them beside the fields and creates nothing', async () => {
    const form = await assertTidy(anon, '/clusters/alpha-cluster/apply');
    assert.ok(anon.csrf, 'the form has a _csrf');
    assert.ok(anon.cookies.get('cd_pre'), 'the form sets the pre-session cookie');
    assert.match(form.text, /Large enterprise/);
    assert.match(form.text, /Associate/);
    assert.doesNotMatch(form.text, /Founding tier/);
    const res = await anon.post('/clusters/alpha-cluster/apply', {
      name: 'Örebro Sensor AB', kind: 'sme', country: 'SE', city: 'Örebro',
      contact_name: 'Åsa Lind', contact_email: 'not-an-address',
      contact_position: XSS, tier_id: tierIds.SME,
    });
    assert.equal(res.status, 422, res.text.slice(0, 400));
    assert.ok(!res.text.includes(XSS), 'the payload is escaped');
    assert.ok(res.text.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.match(res.text, /id="consent-error"/);
    assert.match(res.text, /id="contact_email-error"/);
    assert.match(res.text, /value="Örebro Sensor AB"/);
    assert.equal(await tidy(res.text), '');
    const noTier = await anon.post('/clusters/alpha-cluster/apply', {
      name: 'Örebro Sensor AB', kind: 'sme', contact_name: 'Åsa Lind',
      contact_email: 'asa@sensor.example', consent: '1', tier_id: tierIds['Founding tier'],
    });
    assert.equal(noTier.status, 422, noTier.text.slice(0, 400));
    assert.match(noTier.text, /id="tier_id-error"/);
    assert.deepEqual(await orgsNamed('Örebro Sensor AB'), []);
  });

  test('an application without the form\'s token is refused', async () => {
    const other = new PageClient(srv.base);
    const res = await other.post('/clusters/alpha-cluster/apply', {
      name: 'Forged Oy', kind: 'sme', contact_name: 'X', contact_email: 'x@forged.example',
      consent: '1', tier_id: tierIds.SME,
    }, { csrf: false });
    assert.equal(res.status, 403);
    assert.deepEqual(await orgsNamed('Forged Oy'), []);
  });

  test('a good application appears as an applicant; a second one of the same organisation is refused', async () => {
    await anon.get('/clusters/alpha-cluster/apply');
    const fields = {
      name: 'Örebro Sensor AB', kind: 'sme', registration_no: '556677-8899',
      country: 'se', city: 'Örebro', website: 'sensor.example',
      contact_name: 'Åsa Lind', contact_email: 'asa@sensor.example',
      contact_phone: '+46 19 123 45', contact_position: 'CEO',
      tier_id: tierIds.SME, consent: '1',
    };
    const res = await anon.post('/clusters/alpha-cluster/apply', fields);
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, '/clusters/alpha-cluster/thanks');
    const thanks = await assertTidy(anon, res.location);
    assert.match(thanks.text, /Thank you/);
    const orgs = await orgsNamed('Örebro Sensor AB');
    assert.equal(orgs.length, 1);

    const list = await assertTidy(manager, '/memberships');
    const row = rowOf(list.text, 'Örebro Sensor AB');
    assert.ok(row, 'the applicant is listed');
    assert.match(row, /data-status="applicant"/);
    assert.match(row, /SME/);
    appliedId = /\/memberships\/(\d+)\/approve/.exec(row)[1];
    assert.match(list.text, /1 application is waiting/);

    await anon.get('/clusters/alpha-cluster/apply');
    const again = await anon.post('/clusters/alpha-cluster/apply',
                                  { ...fields, registration_no: '' });
    assert.equal(again.status, 409, again.text.slice(0, 400));
    assert.match(again.text, /id="problem"/);
    assert.match(again.text, /already has a membership or an application/);
    assert.equal(await tidy(again.text), '');
    assert.equal((await orgsNamed('Örebro Sensor AB')).length, 1);
    const list2 = await manager.get('/memberships?status=applicant');
    assert.equal(list2.text.split('>Örebro Sensor AB</a>').length - 1, 1);
  });

  test('the board may not approve, another cluster gets a 404, a manager approves', async () => {
    const byBoard = await board.post(`/memberships/${appliedId}/approve`);
    assert.equal(byBoard.status, 403);
    const boardList = await board.get('/memberships');
    assert.equal(boardList.status, 200);
    assert.doesNotMatch(boardList.text, /\/approve"/);

    const betaList = await betaManager.get('/memberships');
    assert.doesNotMatch(betaList.text, /Örebro Sensor AB/);
    const byBeta = await betaManager.post(`/memberships/${appliedId}/approve`);
    assert.equal(byBeta.status, 404);
    assert.equal((await betaManager.get(`/memberships/${appliedId}/decline`)).status, 404);
    assert.equal((await betaManager.get(`/memberships/${appliedId}/end`)).status, 404);

    const res = await manager.post(`/memberships/${appliedId}/approve`, { back: 'list' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.match(res.location, /^\/memberships\?msg=/);
    const list = await manager.get('/memberships');
    const row = rowOf(list.text, 'Örebro Sensor AB');
    assert.match(row, /data-status="active"/);
    assert.match(row, /2026-03-31/);
    assert.doesNotMatch(row, /\/approve/);
    const again = await manager.post(`/memberships/${appliedId}/approve`);
    assert.equal(again.status, 409);
  });

  test('an application is declined with a reason after a confirmation page', async () => {
    await anon.get('/clusters/alpha-cluster/apply');
    const res = await anon.post('/clusters/alpha-cluster/apply', {
      name: 'Kyiv Robotics LLC', kind: 'startup', country: 'UA', city: 'Київ',
      contact_name: 'Олена Шевченко', contact_email: 'olena@robotics.example',
      tier_id: tierIds.SME, consent: 'on',
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    const list = await manager.get('/memberships?status=applicant');
    const row = rowOf(list.text, 'Kyiv Robotics LLC');
    const id = /\/memberships\/(\d+)\/approve/.exec(row)[1];
    const confirm = await assertTidy(manager, `/memberships/${id}/decline?back=list`);
    assert.match(confirm.text, /name="back" value="list"/);
    assert.equal((await board.post(`/memberships/${id}/decline`, { end_reason: 'x' })).status, 403);
    const declined = await manager.post(`/memberships/${id}/decline`,
                                        { back: 'list', end_reason: 'Outside our region' });
    assert.equal(declined.status, 303, declined.text.slice(0, 300));
    const running = await manager.get('/memberships');
    assert.equal(rowOf(running.text, 'Kyiv Robotics LLC'), null);
    const past = await assertTidy(manager, '/memberships?status=declined');
    assert.match(rowOf(past.text, 'Kyiv Robotics LLC'), /data-status="declined"/);
  });

  test('a signed-in visitor applies with the session\'s token', async () => {
    const form = await betaManager.get('/clusters/alpha-cluster/apply');
    assert.equal(form.status, 200);
    const res = await betaManager.post('/clusters/alpha-cluster/apply', {
      name: 'Gdańsk Maritime Sp. z o.o.', kind: 'large', contact_name: 'Jan Kowalski',
      contact_email: 'jan@maritime.example', tier_id: tierIds['Large enterprise'],
      consent: '1',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal((await orgsNamed('Gdańsk Maritime Sp. z o.o.')).length, 1);
  });
});

describe('the members list', () => {
  test('filters, sort, paging and export', async () => {
    const bySme = await assertTidy(manager, `/memberships?tier=${tierIds.SME}&sort=-name`);
    assert.match(bySme.text, /Örebro Sensor AB/);
    assert.doesNotMatch(bySme.text, /Gdańsk Maritime/);
    const byName = await manager.get('/memberships?q=gda');
    assert.match(byName.text, /Gdańsk Maritime/);
    assert.doesNotMatch(byName.text, /Örebro Sensor AB/);
    const active = await manager.get('/memberships?status=active');
    assert.match(active.text, /Örebro Sensor AB/);
    assert.doesNotMatch(active.text, /Gdańsk Maritime/);
    assert.equal((await manager.get('/memberships?status=sleeping')).status, 422);
    assert.equal((await manager.get('/memberships?sort=price')).status, 422);

    const csv = await manager.get('/memberships/export?format=csv&status=active');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /text\/csv/);
    assert.match(csv.text, /organisation,kind,tier/);
    assert.match(csv.text, /Örebro Sensor AB,sme,SME,"1,500.50",EUR,active,/);
    assert.doesNotMatch(csv.text, /Gdańsk/);
    const xlsx = await manager.get('/memberships/export?format=xlsx');
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
    const betaCsv = await betaManager.get('/memberships/export?format=csv');
    assert.doesNotMatch(betaCsv.text, /Örebro/);
  });

  test('25 rows a page', async () => {
    for (let i = 0; i < 26; i++) {
      const res = await alphaApi.post(`${API}/organisations`,
                                      { name: `Paging Member ${String(i).padStart(2, '0')}`, kind: 'sme' });
      expectAnswer(res, 201);
      const add = await manager.post(`/organisations/${res.json.data.id}/memberships/new`,
                                     { tier_id: tierIds.SME, joined_on: '2025-01-01' });
      assert.equal(add.status, 303, add.text.slice(0, 300));
    }
    const first = await manager.get('/memberships?q=Paging&sort=name');
    assert.equal(first.text.split('>Paging Member').length - 1, 25);
    assert.match(first.text, /Showing 1–25 of 26/);
    const second = await manager.get('/memberships?q=Paging&sort=name&page=2');
    assert.equal(second.text.split('>Paging Member').length - 1, 1);
    assert.match(second.text, /Paging Member 25/);
  });
});

describe('the membership block of an organisation', () => {
  let orgId, assocOrgId, membershipId;

  before(async () => {
    let res = await alphaApi.post(`${API}/organisations`, { name: 'Lviv Software Group', kind: 'large' });
    expectAnswer(res, 201);
    orgId = res.json.data.id;
    res = await alphaApi.post(`${API}/organisations`, { name: 'City of Umeå', kind: 'public' });
    expectAnswer(res, 201);
    assocOrgId = res.json.data.id;
  });

  test('an organisation without membership offers "Add membership"; the board sees no form', async () => {
    const page = await assertTidy(manager, `/organisations/${orgId}`);
    assert.match(page.text, /id="membership"/);
    assert.match(page.text, /Not a member/);
    assert.match(page.text, /id="add-membership"/);
    const boardPage = await assertTidy(board, `/organisations/${orgId}`);
    assert.doesNotMatch(boardPage.text, /id="add-membership"/);
    const denied = await board.post(`/organisations/${orgId}/memberships/new`,
                                    { tier_id: tierIds.SME, joined_on: '2026-01-01' });
    assert.equal(denied.status, 403);
    assert.equal((await betaManager.post(`/organisations/${orgId}/memberships/new`,
                                         { tier_id: tierIds.SME, joined_on: '2026-01-01' })).status, 404);
  });

  test('a membership is added, with errors shown on its form first', async () => {
    await assertTidy(manager, `/organisations/${orgId}/memberships/new`);
    const bad = await manager.post(`/organisations/${orgId}/memberships/new`,
                                   { tier_id: '', joined_on: '2026-02-30' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="tier_id-error"/);
    assert.match(bad.text, /id="joined_on-error"/);
    assert.match(bad.text, /value="2026-02-30"/);
    assert.equal(await tidy(bad.text), '');
    const inactive = await manager.post(`/organisations/${orgId}/memberships/new`,
                                        { tier_id: tierIds['Founding tier'], joined_on: '2026-01-01' });
    assert.equal(inactive.status, 422, inactive.text.slice(0, 300));
    assert.match(inactive.text, /id="tier_id-error"/);
    const res = await manager.post(`/organisations/${orgId}/memberships/new`,
                                   { tier_id: tierIds['Large enterprise'], joined_on: '2025-07-01' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.match(res.location, new RegExp(`^/organisations/${orgId}\\?msg=`));
    const page = await assertTidy(manager, `/organisations/${orgId}`);
    assert.match(page.text, /id="current-membership"/);
    assert.match(page.text, /data-status="active"/);
    assert.match(page.text, /2025-07-01/);
    assert.match(page.text, /20,000\.00 EUR/);
    membershipId = /\/memberships\/(\d+)\/end/.exec(page.text)[1];
    const twice = await manager.post(`/organisations/${orgId}/memberships/new`,
                                     { tier_id: tierIds.SME, joined_on: '2026-01-01' });
    assert.equal(twice.status, 409);
    assert.match(twice.text, /already has a membership/);
  });

  test('the tier is changed and kept in the history', async () => {
    await assertTidy(manager, `/memberships/${membershipId}/tier`);
    const bad = await manager.post(`/memberships/${membershipId}/tier`,
                                   { tier_id: tierIds.SME, valid_from: '2025-01-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="valid_from-error"/);
    const res = await manager.post(`/memberships/${membershipId}/tier`,
                                   { tier_id: tierIds.SME, valid_from: '2026-01-01' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await assertTidy(manager, `/organisations/${orgId}`);
    assert.match(page.text, /Tier history/);
    const history = page.text.slice(page.text.indexOf('tier-history'));
    assert.match(history, /2025-07-01[\s\S]*Large enterprise[\s\S]*2026-01-01[\s\S]*SME/);
    assert.equal((await board.post(`/memberships/${membershipId}/tier`,
                                   { tier_id: tierIds['Large enterprise'], valid_from: '2026-02-01' })).status, 403);
  });

  test('a membership ends after a confirmation page with a date and a reason', async () => {
    const confirm = await assertTidy(manager, `/memberships/${membershipId}/end`);
    assert.match(confirm.text, /name="ended_on"[^>]*value="2026-03-31"/);
    const bad = await manager.post(`/memberships/${membershipId}/end`,
                                   { ended_on: 'soon', end_reason: 'Moved abroad' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="ended_on-error"/);
    assert.match(bad.text, /Moved abroad/);
    const early = await manager.post(`/memberships/${membershipId}/end`,
                                     { ended_on: '2025-01-01', end_reason: 'Moved abroad' });
    assert.equal(early.status, 422, early.text.slice(0, 300));
    const res = await manager.post(`/memberships/${membershipId}/end`,
                                   { ended_on: '2026-03-01', end_reason: 'Moved abroad' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await assertTidy(manager, `/organisations/${orgId}`);
    assert.match(page.text, /Not a member/);
    assert.match(page.text, /id="past-memberships"/);
    assert.match(page.text, /data-status="resigned"/);
    assert.match(page.text, /Moved abroad/);
  });

  test('an associate\'s services in kind are recorded', async () => {
    const add = await manager.post(`/organisations/${assocOrgId}/memberships/new`,
                                   { tier_id: tierIds.Associate, joined_on: '2026-01-15' });
    assert.equal(add.status, 303, add.text.slice(0, 300));
    let page = await assertTidy(manager, `/organisations/${assocOrgId}`);
    assert.match(page.text, /Services in kind/);
    assert.match(page.text, /Record service in kind/);
    const id = /\/memberships\/(\d+)\/services\/new/.exec(page.text)[1];
    await assertTidy(manager, `/memberships/${id}/services/new`);
    const bad = await manager.post(`/memberships/${id}/services/new`,
                                   { description: '', value: 'a lot', given_on: '2026-03-01' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="value-error"/);
    const future = await manager.post(`/memberships/${id}/services/new`,
                                      { description: 'Town hall for the summit', value: '2 500',
                                        given_on: '2026-12-01' });
    assert.equal(future.status, 422);
    assert.match(future.text, /id="given_on-error"/);
    const res = await manager.post(`/memberships/${id}/services/new`,
                                   { description: 'Town hall for the summit', value: '2 500',
                                     given_on: '2026-03-01' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    page = await manager.get(`/organisations/${assocOrgId}`);
    assert.match(page.text, /Town hall for the summit/);
    assert.match(page.text, /2,500\.00 EUR/);
    assert.equal((await board.post(`/memberships/${id}/services/new`,
                                   { description: 'x', value: '1', given_on: '2026-03-01' })).status, 403);
    assert.equal((await betaManager.post(`/memberships/${id}/services/new`,
                                         { description: 'x', value: '1', given_on: '2026-03-01' })).status, 404);
    const notAssoc = await manager.get('/memberships?status=active&q=Örebro');
    const payingId = /\/organisations\/(\d+)"/.exec(rowOf(notAssoc.text, 'Örebro Sensor AB'))[1];
    const paying = await manager.get(`/organisations/${payingId}`);
    assert.doesNotMatch(paying.text, /Record service in kind/);
  });

  test('the members list and its forms are clean HTML', async () => {
    for (const path of ['/memberships', '/memberships?history=true', '/memberships?status=resigned',
                        '/settings/tiers/new', '/settings/tiers'])
      await assertTidy(manager, path);
    await assertTidy(board, '/memberships');
    await assertTidy(manager, '/memberships/999999/end', 404);
  });
});
