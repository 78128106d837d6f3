// The pages of dues, targets and the dashboard, on a real server: dues
// generated twice (the second time creates nothing), a partial payment,
// an overpayment refused with the input kept, the invoice PDF, the
// invoice overdue once the server's today has moved on (a second server
// on the same database), cancellation by a credit note, targets with
// their validation, the dashboard with its SVG charts and the board
// report PDF, renewals with export, roles, tenancy, and tidy on each page.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiClient, expectAnswer, serve, signIn, startServer } from './lib.mjs';

const FIRST_DAY = '2027-01-01';
const LATER_DAY = '2027-03-15'; // 73 days after the first instalments' due date
const XSS = '<script>alert(1)</script>';

let srv, later;
let alpha, board, beta, alphaLater, betaLater;
const ids = {};

/* Runs tidy on html; answers its complaints ("" when clean). */
async function tidy(html) {
  return new Promise((resolve) => {
    const child = execFile('tidy', ['-q', '-e', '--warn-proprietary-attributes', 'no'],
                           (err, stdout, stderr) => resolve(stderr.trim()));
    child.stdin.end(html);
  });
}

async function assertTidy(res, what) {
  const complaints = await tidy(res.text);
  assert.equal(complaints, '', `${what} is not clean HTML:\n${complaints}`);
}

/*
 * A second server on the database of srv with another today: the
 * sessions live in the database, so signed-in clients work on both.
 */
function startLater(db, today) {
  return serve({ db, today });
}

/* The same signed-in client against another server of the same database. */
function onServer(client, base) {
  const copy = Object.create(Object.getPrototypeOf(client));
  Object.assign(copy, client);
  copy.base = base;
  copy.cookies = new Map(client.cookies);
  return copy;
}

/* The text of a PDF, by pdftotext. */
async function pdfText(bytes, name) {
  const path = join(srv.dir, name);
  await writeFile(path, bytes);
  return new Promise((resolve, reject) => {
    execFile('pdftotext', ['-layout', path, '-'], (err, stdout, stderr) => {
      if (err)
        reject(new Error(`pdftotext: ${stderr}`));
      else
        resolve(stdout);
    });
  });
}

/* GETs a binary answer with the client's cookies. */
async function getBytes(client, path) {
  const res = await fetch(client.base + path,
                          { headers: { cookie: client.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers,
           bytes: Buffer.from(await res.arrayBuffer()) };
}

/* Creates a tier, an organisation and a running membership by the API. */
async function member(api, tierId, name, kind, joined) {
  const org = await api.post('/api/v1/organisations', { name, kind });
  expectAnswer(org, 201);
  const m = await api.post('/api/v1/memberships', {
    organisation_id: org.json.data.id, tier_id: tierId, joined_on: joined,
  });
  expectAnswer(m, 201);
  return org.json.data.id;
}

function invoiceIdOf(html, orgName) {
  const row = new RegExp(`<tr><td><a href="/invoices/(\\d+)">\\d+</a></td><td><a href="/organisations/\\d+">${orgName}</a>`);
  const m = row.exec(html);
  assert.ok(m, `no invoice row for ${orgName}`);
  return m[1];
}

/* The value of the input named name, or null. */
function valueOf(html, name) {
  const input = new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`).exec(html);
  const value = input && /\bvalue="([^"]*)"/.exec(input[0]);
  return value ? value[1] : null;
}

function membersToday(html) {
  const m = /id="members-today"[\s\S]*?class="card-figure">([^<]*)</.exec(html);
  assert.ok(m, 'the dashboard shows the members today');
  return Number(m[1].replace(/\D/g, ''));
}

before(async () => {
  srv = await startServer({ today: FIRST_DAY });
  const api = apiClient(srv.base, srv.tokens.alpha.manager);
  const large = await api.post('/api/v1/tiers', { name: 'Large enterprise', annual_fee: 2000000 });
  expectAnswer(large, 201);
  const sme = await api.post('/api/v1/tiers', { name: 'SME', annual_fee: 50000 });
  expectAnswer(sme, 201);
  ids.large = await member(api, large.json.data.id, 'Київ Технології', 'large', '2026-01-10');
  ids.sme = await member(api, sme.json.data.id, 'Ålands Verkstad AB', 'sme', '2026-05-01');

  const betaApi = apiClient(srv.base, srv.tokens.beta.manager);
  const betaTier = await betaApi.post('/api/v1/tiers', { name: 'Beta tier', annual_fee: 30000 });
  expectAnswer(betaTier, 201);
  await member(betaApi, betaTier.json.data.id, 'Beta Only Oy', 'sme', '2026-02-01');

  alpha = await signIn(srv.base, srv.users.alpha.manager);
  board = await signIn(srv.base, srv.users.alpha.board);
  beta = await signIn(srv.base, srv.users.beta.manager);
});

after(async () => {
  await later?.stop();
  await srv?.stop();
});

describe('dues on the first day of the fiscal year', () => {
  test('generating dues twice creates the invoices once', async () => {
    const first = await alpha.post('/invoices/generate', { fiscal_year: '2027' });
    assert.equal(first.status, 303, first.text.slice(0, 400));
    assert.match(first.location, /created=2\b/);
    const page = await alpha.get(first.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /Dues generated for fiscal year 2027: 2 new invoices\./);
    await assertTidy(page, 'the invoice list');
    ids.largeInvoice = invoiceIdOf(page.text, 'Київ Технології');
    ids.smeInvoice = invoiceIdOf(page.text, 'Ålands Verkstad AB');
    assert.match(page.text, /20,500\.00 EUR/, 'the sum of the totals');

    const second = await alpha.post('/invoices/generate', { fiscal_year: '2027' });
    assert.equal(second.status, 303);
    assert.match(second.location, /created=0\b/);
    const again = await alpha.get('/invoices?year=2027');
    assert.match(again.text, /Showing 1–2 of 2/);
  });

  test('a wrong fiscal year is shown beside the field', async () => {
    const res = await alpha.post('/invoices/generate', { fiscal_year: 'next' });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="fiscal_year-error"/);
    assert.match(res.text, /value="next"/);
    await assertTidy(res, 'the generate form with an error');
  });

  test('the large fee is billed in two half-year instalments', async () => {
    const res = await alpha.get(`/invoices/${ids.largeInvoice}`);
    assert.equal(res.status, 200);
    await assertTidy(res, 'an invoice');
    const inst = /id="instalments"[\s\S]*?<\/table>/.exec(res.text)[0];
    assert.match(inst, /2027-01-01[\s\S]*10,000\.00 EUR[\s\S]*2027-07-01[\s\S]*10,000\.00 EUR/);
  });

  test('a partial payment is recorded and the invoice is partly paid', async () => {
    const res = await alpha.post(`/invoices/${ids.smeInvoice}/payments`, {
      paid_on: FIRST_DAY, amount: '200', method: 'bank_transfer', reference: 'Ref 1',
    });
    assert.equal(res.status, 303, res.text.slice(0, 600));
    const page = await alpha.get(res.location);
    assert.match(page.text, /The payment was recorded\./);
    assert.match(page.text, /Partly paid/);
    assert.match(page.text, /Rest to pay[\s\S]*?300\.00 EUR/);
    assert.match(page.text, /Ref 1/);
  });

  test('an overpayment is refused beside the amount, with the input kept', async () => {
    const res = await alpha.post(`/invoices/${ids.smeInvoice}/payments`, {
      paid_on: FIRST_DAY, amount: '400.00', method: 'card', reference: 'Too much',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="amount-error"[^>]*>[^<]*300\.00 EUR/);
    assert.equal(valueOf(res.text, 'amount'), '400.00');
    assert.equal(valueOf(res.text, 'reference'), 'Too much');
    assert.match(res.text, /<option value="card" selected>/);
    await assertTidy(res, 'the payment form with an error');
  });

  test('every wrong payment field is shown at once', async () => {
    const res = await alpha.post(`/invoices/${ids.smeInvoice}/payments`, {
      paid_on: 'soon', amount: 'lots', method: 'barter', reference: XSS,
    });
    assert.equal(res.status, 422);
    assert.ok(!res.text.includes(XSS), 'the reference is shown as text');
    for (const field of ['paid_on', 'amount', 'method'])
      assert.match(res.text, new RegExp(`id="${field}-error"`), field);
    const page = await alpha.get(`/invoices/${ids.smeInvoice}`);
    assert.match(page.text, /Paid<\/dt><dd class="col-sm-8">200\.00 EUR/, 'nothing more was paid');
  });

  test('the invoice PDF downloads and names the organisation', async () => {
    const res = await getBytes(alpha, `/invoices/${ids.largeInvoice}.pdf`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /attachment; filename="invoice-\d+\.pdf"/);
    assert.equal(res.bytes.subarray(0, 4).toString(), '%PDF');
    const text = await pdfText(res.bytes, 'invoice.pdf');
    assert.match(text, /Київ Технології/);
  });

  test('the board sees invoices but cannot generate or pay', async () => {
    const list = await board.get('/invoices');
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.text, /action="\/invoices\/generate"/);
    const show = await board.get(`/invoices/${ids.smeInvoice}`);
    assert.equal(show.status, 200);
    assert.doesNotMatch(show.text, /id="payment"/);
    assert.equal((await board.post('/invoices/generate', { fiscal_year: '2027' })).status, 403);
    assert.equal((await board.post(`/invoices/${ids.smeInvoice}/payments`, {
      paid_on: FIRST_DAY, amount: '1', method: 'cash' })).status, 403);
  });
});

describe('targets', () => {
  test('a plan with wrong fields shows each error beside it and keeps the input', async () => {
    const form = await alpha.get('/targets');
    assert.equal(form.status, 200);
    await assertTidy(form, 'the targets page');
    const res = await alpha.post('/targets', {
      fiscal_year: '2027', members: 'lots', members_sme: '-3', budget: XSS,
      lines: '2', line1_source: 'events', line1_label: 'Cluster Day',
      line1_amount: 'x', line1_private: '', line2_source: 'nowhere',
      line2_label: '', line2_amount: '10', line2_private: '',
    });
    assert.equal(res.status, 422);
    for (const field of ['members', 'members_sme', 'budget', 'line1_amount', 'line2_source'])
      assert.match(res.text, new RegExp(`id="${field}-error"`), field);
    assert.equal(valueOf(res.text, 'members'), 'lots');
    assert.equal(valueOf(res.text, 'line1_label'), 'Cluster Day');
    assert.ok(!res.text.includes(XSS), 'the budget is shown as text');
    await assertTidy(res, 'the targets form with errors');
  });

  test('a valid plan is saved and the figures follow', async () => {
    const res = await alpha.post('/targets', {
      fiscal_year: '2027', members: '40', members_sme: '30', budget: '100000',
      lines: '2', line1_source: 'events', line1_label: 'Cluster Day',
      line1_amount: '10000', line1_private: '', line2_source: 'public_funding',
      line2_label: 'Regional grant', line2_amount: '50,000.00', line2_private: '',
    });
    assert.equal(res.status, 303, res.text.slice(0, 600));
    const page = await alpha.get(res.location);
    assert.match(page.text, /Saved\./);
    assert.equal(valueOf(page.text, 'members'), '40');
    assert.equal(valueOf(page.text, 'line2_amount'), '50000.00');
    assert.match(page.text, /<option value="public" selected>Public<\/option>/);
    // Expected fees 20,500.00: the gap of the 100,000.00 budget is 79,500.00.
    assert.match(page.text, /id="computed-gap"[\s\S]*?79,500\.00 EUR/);
    // Private: fees 20,500 + events 10,000 of 80,500 in all = 37.9 %.
    assert.match(page.text, /id="computed-private"[\s\S]*?37\.9 %/);
  });

  test('the board reads the plan but cannot change it', async () => {
    const page = await board.get('/targets');
    assert.equal(page.status, 200);
    assert.match(page.text, /<fieldset disabled>/);
    assert.equal((await board.post('/targets', { fiscal_year: '2027', members: '1', lines: '0' })).status, 403);
  });
});

describe('the dashboard', () => {
  test('shows members today against the target and the reference lines', async () => {
    const res = await alpha.get('/');
    assert.equal(res.status, 200);
    await assertTidy(res, 'the dashboard');
    assert.equal(membersToday(res.text), 2);
    assert.match(res.text, /Target 40 for 2027: 38 to go/);
    const lines = /id="target-lines"[\s\S]*?<\/table>/.exec(res.text)[0];
    for (const n of ['15', '25', '50'])
      assert.match(lines, new RegExp(`<td>${n}</td>`));
    assert.match(res.text, /id="sme-share"[\s\S]*?50\.0 %/);
    assert.match(res.text, /Latest changes/);
    for (const name of ['members', 'flow', 'kinds', 'tiers', 'fees'])
      assert.match(res.text, new RegExp(`<img [^>]*src="/dashboard/charts/${name}\\.svg" alt="[^"]+"`));
  });

  test('the charts are SVG images', async () => {
    for (const name of ['members', 'flow', 'kinds', 'tiers', 'fees']) {
      const res = await alpha.get(`/dashboard/charts/${name}.svg`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), 'image/svg+xml', name);
      assert.match(res.text, /<svg[\s>]/, name);
    }
    assert.equal((await alpha.get('/dashboard/charts/pie.svg')).status, 404);
    assert.equal((await alpha.get('/dashboard/charts/members.png')).status, 404);
  });

  test('the board report is a PDF of the half year', async () => {
    const res = await getBytes(board, '/reports/board.pdf?half=2027H1');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /board-report-2027H1\.pdf/);
    assert.equal(res.bytes.subarray(0, 4).toString(), '%PDF');
    const text = await pdfText(res.bytes, 'board.pdf');
    assert.match(text, /Board report/);
    assert.match(text, /Alpha Cluster/);
    assert.equal((await board.get('/reports/board.pdf?half=2027H3')).status, 422);
    assert.equal((await board.get('/reports/board.pdf?half=2027H2')).status, 422,
                 'a half year that has not begun');
  });

  test('Beta\'s dashboard counts only Beta\'s members', async () => {
    const res = await beta.get('/');
    assert.equal(res.status, 200);
    assert.equal(membersToday(res.text), 1);
    assert.doesNotMatch(res.text, /Target 40/);
  });
});

describe('tenancy', () => {
  test('Beta gets 404 for Alpha\'s invoice, its PDF and its payment form', async () => {
    assert.equal((await beta.get(`/invoices/${ids.largeInvoice}`)).status, 404);
    assert.equal((await getBytes(beta, `/invoices/${ids.largeInvoice}.pdf`)).status, 404);
    const pay = await beta.post(`/invoices/${ids.largeInvoice}/payments`, {
      paid_on: FIRST_DAY, amount: '1', method: 'cash', reference: '' });
    assert.equal(pay.status, 404);
    assert.equal((await beta.get(`/invoices/${ids.largeInvoice}/cancel`)).status, 404);
    const cancel = await beta.post(`/invoices/${ids.largeInvoice}/cancel`, { reason: 'x' });
    assert.equal(cancel.status, 404);
    const list = await beta.get('/invoices');
    assert.doesNotMatch(list.text, /Київ Технології|Ålands Verkstad AB/);
    const csv = await beta.get('/invoices/export?format=csv');
    assert.doesNotMatch(csv.text, /Київ Технології|Ålands Verkstad AB/);
    const page = await alpha.get(`/invoices/${ids.largeInvoice}`);
    assert.match(page.text, /Open/, 'Alpha\'s invoice is untouched');
  });
});

describe('later in the year', () => {
  before(async () => {
    later = await startLater(srv.db, LATER_DAY);
    alphaLater = onServer(alpha, later.base);
    betaLater = onServer(beta, later.base);
  });

  test('unpaid instalments are overdue, with days and amount', async () => {
    const res = await alphaLater.get('/invoices?status=overdue');
    assert.equal(res.status, 200);
    await assertTidy(res, 'the overdue list');
    assert.match(res.text, /<h1 class="h3 mb-0">Overdue invoices<\/h1>/);
    const sme = new RegExp(`href="/invoices/${ids.smeInvoice}"[\\s\\S]*?</tr>`).exec(res.text)[0];
    assert.match(sme, /Overdue/);
    assert.match(sme, />73</);
    assert.match(sme, /300\.00 EUR<\/td><\/tr>/);
    const large = new RegExp(`href="/invoices/${ids.largeInvoice}"[\\s\\S]*?</tr>`).exec(res.text)[0];
    assert.match(large, /10,000\.00 EUR<\/td><\/tr>/);
    assert.match(res.text, /id="sums"[\s\S]*?10,300\.00 EUR/);
    const csv = await alphaLater.get('/invoices/export?status=overdue&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition'), /invoices-overdue-2027-03-15\.csv/);
    assert.match(csv.text, /Ålands Verkstad AB,2027,2027-01-01,EUR,500\.00,200\.00,overdue,73,300\.00/);
    const dash = await alphaLater.get('/');
    assert.match(dash.text, /id="overdue"[\s\S]*?10,300\.00 EUR/);
    // 73 days past due is past the 60 days of grace: both have lapsed.
    assert.match(dash.text, /status=lapsed">Lapsed<\/a><\/td><td class="text-end">2</);
    assert.equal(membersToday(dash.text), 0);
    await assertTidy(dash, 'the dashboard later');
  });

  test('a credit note cancels the invoice after a confirmation with a reason', async () => {
    const confirm = await alphaLater.get(`/invoices/${ids.largeInvoice}/cancel`);
    assert.equal(confirm.status, 200);
    await assertTidy(confirm, 'the cancel confirmation');
    const empty = await alphaLater.post(`/invoices/${ids.largeInvoice}/cancel`, { reason: '  ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /id="reason-error"/);
    const res = await alphaLater.post(`/invoices/${ids.largeInvoice}/cancel`,
                                      { reason: 'Left before the year began' });
    assert.equal(res.status, 303, res.text.slice(0, 600));
    const page = await alphaLater.get(res.location);
    assert.match(page.text, /cancelled by a credit note/);
    assert.match(page.text, /badge bg-dark">Cancelled</);
    assert.doesNotMatch(page.text, /id="payment"/);
    const overdue = await alphaLater.get('/invoices?status=overdue');
    assert.doesNotMatch(overdue.text, new RegExp(`href="/invoices/${ids.largeInvoice}"`));
    const notes = await alphaLater.get('/invoices?credit_notes=true');
    assert.match(notes.text, /Credit note/);
    const again = await alphaLater.post(`/invoices/${ids.largeInvoice}/cancel`, { reason: 'Twice' });
    assert.equal(again.status, 409);
  });

  test('renewals of the next fiscal year are listed and exported', async () => {
    const res = await alphaLater.get('/renewals?days=365');
    assert.equal(res.status, 200);
    await assertTidy(res, 'the renewals list');
    assert.match(res.text, /2028-01-01/);
    assert.match(res.text, /Ålands Verkstad AB/);
    assert.doesNotMatch(res.text, /Beta Only Oy/);
    const soon = await alphaLater.get('/renewals');
    assert.doesNotMatch(soon.text, /Ålands Verkstad AB/, 'not within 90 days');
    const csv = await alphaLater.get('/renewals/export?days=365&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.text, /2028-01-01,Ålands Verkstad AB,SME,500\.00,EUR,2028/);
    const xlsx = await getBytes(alphaLater, '/renewals/export?days=365&format=xlsx');
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
    assert.equal((await alphaLater.get('/renewals?days=0')).status, 422);
  });

  test('Beta sees none of it', async () => {
    const res = await betaLater.get('/invoices?status=overdue');
    assert.doesNotMatch(res.text, /Київ Технології|Ålands Verkstad AB/);
    const dash = await betaLater.get('/');
    assert.equal(membersToday(dash.text), 1);
    assert.match(dash.text, /id="overdue"[\s\S]*?0\.00 EUR/);
  });
});
