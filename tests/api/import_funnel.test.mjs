// The activity and lead imports through the pages (/activities/import,
// /leads/import): a file with a bad row is refused whole with the fault
// at its line and column, a good file imports exactly what was
// previewed, lead columns reach the lead, and another cluster's
// organisations are unknown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PageClient, apiClient, decodeEntities, expectAnswer,
         startServer } from './lib.mjs';

const TODAY = '2026-03-31';

/** Uploads csv to an import page; answers the preview. */
async function preview(page, path, csv, name = 'file.csv') {
  return page.post(path, { file: new File([csv], name, { type: 'text/csv' }) },
                   { multipart: true });
}

/** The action of the preview's import button, or null. */
function importAction(html, path) {
  const m = new RegExp(`action="(${path}/\\d+)"`).exec(html);
  return m ? m[1] : null;
}

/** The rows of the error table as [line, column, problem]. */
function errorRows(html) {
  const table = /<table class="table table-sm bg-white import-errors">([\s\S]*?)<\/table>/
    .exec(html);
  if (!table)
    return [];
  const rows = [];
  for (const m of table[1].matchAll(/<tr><td>(\d*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g))
    rows.push([m[1] ? Number(m[1]) : 0, decodeEntities(m[2]), decodeEntities(m[3])]);
  return rows;
}

async function signInAs(srv, email) {
  const page = new PageClient(srv.base);
  const res = await page.signIn(email, srv.password);
  assert.equal(res.status, 303);
  return page;
}

async function activityTotal(api, orgId) {
  const res = await api.get(`${API}/activities?organisation_id=${orgId}`);
  expectAnswer(res, 200);
  return res.json.total;
}

describe('activity and lead imports', () => {
  let srv, alpha, beta, page, acme, kappa, olena;

  before(async () => {
    srv = await startServer({ today: TODAY });
    alpha = apiClient(srv.base, srv.tokens.alpha.manager);
    beta = apiClient(srv.base, srv.tokens.beta.manager);
    let res = await alpha.post(`${API}/organisations`,
                               { name: 'Acme GmbH', kind: 'sme', registration_no: 'DE-111' });
    expectAnswer(res, 201);
    acme = res.json.data.id;
    res = await alpha.post(`${API}/organisations`, { name: 'Kappa Labs', kind: 'startup' });
    expectAnswer(res, 201);
    kappa = res.json.data.id;
    res = await alpha.post(`${API}/contacts`, { organisation_id: acme, name: 'Olena Petrenko',
                                                email: 'olena@acme.example' });
    expectAnswer(res, 201);
    olena = res.json.data.id;
    res = await beta.post(`${API}/organisations`, { name: 'Only In Beta', kind: 'sme' });
    expectAnswer(res, 201);
    page = await signInAs(srv, srv.users.alpha.manager);
  });

  after(async () => {
    await srv?.stop();
  });

  test('the forms are there for managers, not for the board', async () => {
    let res = await page.get('/activities/import');
    assert.equal(res.status, 200);
    assert.match(res.text, /Import activities/);
    res = await page.get('/leads/import');
    assert.equal(res.status, 200);
    assert.match(res.text, /Import leads/);
    const board = await signInAs(srv, srv.users.alpha.board);
    res = await board.get('/activities/import');
    assert.equal(res.status, 403);
  });

  test('a bad row: error at its line and column, nothing imported', async () => {
    const before = await activityTotal(alpha, acme);
    const csv = 'Organisation;Contact;Type;Date;Text\n' +
                'Acme GmbH;olena@acme.example;email_reply;2026-03-01;Yes\n' +
                'Acme GmbH;;lunch;2026-03-02;\n' +
                'Acme GmbH;;call;2026-04-01;\n' +
                'Kappa Labs;olena@acme.example;call;2026-03-03;\n';
    const res = await preview(page, '/activities/import', csv);
    assert.equal(res.status, 422);
    assert.equal(importAction(res.text, '/activities/import'), null);
    const rows = errorRows(res.text);
    assert.deepEqual(rows.map(([l, c]) => [l, c]),
                     [[3, 'Type'], [4, 'Date'], [5, 'Contact']]);
    assert.match(rows[0][2], /"lunch" is not known/);
    assert.match(rows[1][2], /future/);
    assert.match(rows[2][2], /not a contact of Kappa Labs/);
    assert.equal(await activityTotal(alpha, acme), before);
  });

  test("another cluster's organisation is unknown here", async () => {
    const csv = 'organisation,kind,date\nOnly In Beta,call,2026-03-01\n';
    const res = await preview(page, '/activities/import', csv);
    assert.equal(res.status, 422);
    assert.deepEqual(errorRows(res.text).map(([l, c]) => [l, c]), [[2, 'organisation']]);
    assert.match(errorRows(res.text)[0][2], /No organisation of this cluster/);
  });

  test('a good file: preview counts, then exactly that file imported', async () => {
    const before = await activityTotal(alpha, acme);
    const csv = '\uFEFFCompany,registration no,E-mail,Kind,Date,Text,Author\n' +
                'acme gmbh,,OLENA@acme.example,E-mail reply received,01.03.2026,' +
                '"Interested, call back",manager@alpha.test\n' +
                ',DE-111,,call,2026-03-02,Called,\n' +
                `Kappa Labs,,,meeting,15/03/2026,Met at the fair,Someone Else\n`;
    const res = await preview(page, '/activities/import', csv, 'acts.csv');
    assert.equal(res.status, 200, res.text.slice(0, 2000));
    assert.match(res.text, /3 rows: 3 activities of 2 organisations, 2 interest signals/);
    assert.match(res.text, /Interested, call back/);
    const action = importAction(res.text, '/activities/import');
    assert.ok(action);

    const done = await page.post(action);
    assert.equal(done.status, 303, done.text.slice(0, 1000));
    assert.equal(done.location, '/activities/import?msg=imported');
    assert.equal(await activityTotal(alpha, acme), before + 2);
    let list = await alpha.get(`${API}/activities?organisation_id=${acme}&kind=email_reply`);
    expectAnswer(list, 200);
    const reply = list.json.data.find((a) => a.date === '2026-03-01');
    assert.ok(reply);
    assert.equal(reply.contact_id, olena);
    assert.equal(reply.text, 'Interested, call back');
    assert.equal(reply.signal, true);
    list = await alpha.get(`${API}/activities?organisation_id=${kappa}`);
    assert.equal(list.json.total, 1);
    assert.equal(list.json.data[0].author, 'Someone Else');
    // The replies warm both leads.
    const lead = await alpha.get(`${API}/leads/${kappa}`);
    expectAnswer(lead, 200, { data: { stage: 'warm', warm_until: '2026-06-13' } });

    // The upload is used once.
    const again = await page.post(action);
    assert.equal(again.status, 404);
    assert.equal(await activityTotal(alpha, acme), before + 2);
  });

  test('a lead file with source and owner', async () => {
    const csv = 'name,kind,source,owner,since,do not contact\n' +
                `Kappa Labs,,trade fair,Manager@Alpha.test,01.02.2025,\n` +
                'Nova Robotics,sme,web form,,,yes\n';
    const res = await preview(page, '/leads/import', csv, 'leads.csv');
    assert.equal(res.status, 200, res.text.slice(0, 2000));
    assert.match(res.text, /1 new organisations, 1 to update/);
    assert.match(res.text, /trade fair/);
    const action = importAction(res.text, '/leads/import');
    assert.ok(action);
    const done = await page.post(action);
    assert.equal(done.status, 303, done.text.slice(0, 1000));

    let lead = await alpha.get(`${API}/leads/${kappa}`);
    expectAnswer(lead, 200, { data: { source: 'trade fair', since: '2025-02-01',
                                      owner_id: (v) => Number.isInteger(v) && v > 0 } });
    const orgs = await alpha.get(`${API}/organisations?q=Nova`);
    expectAnswer(orgs, 200);
    assert.equal(orgs.json.data.length, 1);
    lead = await alpha.get(`${API}/leads/${orgs.json.data[0].id}`);
    expectAnswer(lead, 200, { data: { source: 'web form', stage: 'do_not_contact',
                                      do_not_contact_on: TODAY } });
  });

  test('an owner who is not a user of this cluster: error, nothing changed', async () => {
    const csv = 'Organisation,Lead owner,Source\n' +
                'Acme GmbH,manager@beta.test,cold call\n' +
                'Brand New Org,,cold call\n';
    const res = await preview(page, '/leads/import', csv);
    assert.equal(res.status, 422);
    const rows = errorRows(res.text);
    assert.deepEqual(rows.map(([l, c]) => [l, c]), [[2, 'Lead owner']]);
    assert.match(rows[0][2], /manager@beta\.test/);
    const lead = await alpha.get(`${API}/leads/${acme}`);
    expectAnswer(lead, 200, { data: { source: '' } });
    const orgs = await alpha.get(`${API}/organisations?q=Brand`);
    assert.equal(orgs.json.data.length, 0);
  });
});
