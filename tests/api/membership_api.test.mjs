// The membership, dues and targets API, the whole path: tiers around the
// instalment threshold, memberships (an applicant approved, one declined,
// an associate with services in kind), dues generated twice, invoices of
// one and two instalments with exact pro-rata amounts, a partial payment,
// an overpayment refused, a credit note; then servers on the same database
// with a later today see the invoices overdue and the members in grace
// (day 60) and lapsed (day 61). Targets, the dashboard's figures, bad
// input, the board role, tenancy, and two generators at the same moment.
//
// Settings are the defaults: EUR, fiscal year from 1 January, threshold
// 15,000.00 EUR (1,500,000 minor units), pro-rata on, 60 days of grace.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, serve, startServer } from './lib.mjs';

const ORGS = `${API}/organisations`;
const TIERS = `${API}/tiers`;
const MEMBERSHIPS = `${API}/memberships`;
const INVOICES = `${API}/invoices`;
const PAYMENTS = `${API}/payments`;
const TARGETS = `${API}/targets`;
const DASHBOARD = `${API}/dashboard`;

const TODAY = '2027-04-10'; // everyone joins today: 9 months of fiscal 2027

let srv;
let api; // Alpha's manager
let board; // Alpha's board member
let beta; // Beta's manager
const later = []; // servers started on the same database with a later today

const T = {}; // Alpha's tiers by key
const M = {}; // Alpha's memberships by key
const I = {}; // Alpha's invoices by membership key

/*
 * Starts `clusterdesk serve` on srv's database with another today, the
 * way an operator restarts with CLUSTERDESK_TODAY moved on. The tokens of
 * srv stay valid: they live in the database.
 */
async function serveAt(today) {
  const running = await serve({ db: srv.db, today });
  const base = running.base;
  const server = {
    base,
    api: apiClient(base, srv.tokens.alpha.manager),
    beta: apiClient(base, srv.tokens.beta.manager),
    stop: running.stop,
  };
  later.push(server);
  return server;
}

async function created(res) {
  expectAnswer(res, 201);
  const id = res.json.data.id;
  assert.ok(Number.isInteger(id) && id > 0, 'a record number');
  assert.match(res.headers.get('location') || '', new RegExp(`/${id}$`));
  return res.json.data;
}

async function org(client, name, kind) {
  return (await created(await client.post(ORGS, { name, kind }))).id;
}

async function invoiceOf(client, membershipId) {
  const res = await client.get(`${INVOICES}?per_page=100`);
  expectAnswer(res, 200);
  return res.json.data.find((iv) => iv.membership_id === membershipId &&
                                    iv.kind === 'invoice');
}

before(async () => {
  srv = await startServer({ today: TODAY });
  api = apiClient(srv.base, srv.tokens.alpha.manager);
  board = apiClient(srv.base, srv.tokens.alpha.board);
  beta = apiClient(srv.base, srv.tokens.beta.manager);
});

after(async () => {
  for (const s of later)
    await s.stop();
  await srv?.stop();
});

describe('tiers', () => {
  test('create: 201, Location, the fee in minor units with the currency', async () => {
    const res = await api.post(TIERS, {
      name: 'Large enterprise', annual_fee: 2000000, kinds: ['large'],
      description: 'Board seat, all events',
    });
    T.large = await created(res);
    assert.equal(res.headers.get('location'), `${TIERS}/${T.large.id}`);
    expectAnswer(res, 201, {
      data: { name: 'Large enterprise', annual_fee: 2000000, currency: 'EUR',
              kinds: ['large'], associate: false, active: true },
    });
    T.threshold = await created(await api.post(TIERS, {
      name: 'Research', annual_fee: 1500000, kinds: 'research, University' }));
    assert.deepEqual(T.threshold.kinds, ['university', 'research']);
    T.below = await created(await api.post(TIERS, {
      name: 'Just below', annual_fee: 1499999 }));
    T.sme = await created(await api.post(TIERS, {
      name: 'SME', annual_fee: 500000, kinds: ['sme', 'micro', 'startup'] }));
    T.associate = await created(await api.post(TIERS, {
      name: 'Associate', associate: true, kinds: ['public'] }));
    assert.equal(T.associate.annual_fee, 0);
    T.old = await created(await api.post(TIERS, { name: 'Old tier', annual_fee: 100 }));
    const got = await api.get(`${TIERS}/${T.large.id}`);
    expectAnswer(got, 200, { data: { id: T.large.id, name: 'Large enterprise' } });
  });

  const INVALID = [
    ['no name', { annual_fee: 100 }, 'name'],
    ['no fee for a paying tier', { name: 'No fee' }, 'annual_fee'],
    ['a fee as text', { name: 'Text fee', annual_fee: '15 000' }, 'annual_fee'],
    ['a fractional fee', { name: 'Half', annual_fee: 10.5 }, 'annual_fee'],
    ['a negative fee', { name: 'Neg', annual_fee: -1 }, 'annual_fee'],
    ['an unknown kind', { name: 'K', annual_fee: 1, kinds: ['giant'] }, 'kinds'],
    ['an associate that costs', { name: 'Paid associate', annual_fee: 5, associate: true },
     'annual_fee'],
    ['an unknown member', { name: 'U', annual_fee: 1, colour: 'red' }, 'colour'],
    ['a blank name', { name: '  ', annual_fee: 1 }, 'name'],
  ];
  for (const [label, body, field] of INVALID) {
    test(`422 on ${field} for ${label}, nothing stored`, async () => {
      const before = (await api.get(TIERS)).json.total;
      expectAnswer(await api.post(TIERS, body), 422,
                   { error: { code: 'invalid', field, message: /\S/ } });
      assert.equal((await api.get(TIERS)).json.total, before);
    });
  }

  test('409 on a second tier of the same name', async () => {
    expectAnswer(await api.post(TIERS, { name: 'sme', annual_fee: 1 }), 409,
                 { error: { code: 'conflict', field: 'name' } });
  });

  test('PATCH changes what is sent; ?active=true hides inactive tiers', async () => {
    const res = await api.patch(`${TIERS}/${T.old.id}`, { active: false });
    expectAnswer(res, 200, { data: { name: 'Old tier', annual_fee: 100, active: false } });
    const all = await api.get(TIERS);
    expectAnswer(all, 200, { total: 6, page: 1, per_page: 25 });
    const active = await api.get(`${TIERS}?active=true`);
    expectAnswer(active, 200, { total: 5 });
    assert.ok(!active.json.data.some((t) => t.id === T.old.id));
    // Highest fee first.
    assert.equal(active.json.data[0].id, T.large.id);
    expectAnswer(await api.get(`${TIERS}?active=maybe`), 422, { error: { field: 'active' } });
    expectAnswer(await api.put(`${TIERS}/${T.old.id}`, { annual_fee: -5 }), 422,
                 { error: { field: 'annual_fee' } });
    expectAnswer(await api.get(`${TIERS}/${T.old.id}`), 200, { data: { annual_fee: 100 } });
    expectAnswer(await api.get(`${TIERS}/999999`), 404, { error: { code: 'not_found' } });
  });
});

describe('memberships', () => {
  test('create running memberships, an applicant, an associate', async () => {
    const orgs = {
      large: await org(api, 'Київська фотоніка ТОВ', 'large'),
      sme: await org(api, 'Lunds Sensorteknik AB', 'sme'),
      startup: await org(api, 'Start-up Ωmega', 'startup'),
      public: await org(api, 'Regional Agency', 'public'),
      research: await org(api, 'Instytut Badawczy', 'research'),
      university: await org(api, 'Universität Nord', 'university'),
      declined: await org(api, 'Declined GmbH', 'sme'),
      pending: await org(api, 'Pending Oy', 'micro'),
    };
    M.orgs = orgs;
    const join = async (key, tier, extra = {}) => {
      const res = await api.post(MEMBERSHIPS, {
        organisation_id: orgs[key], tier_id: tier.id, joined_on: TODAY, ...extra });
      const m = await created(res);
      assert.equal(res.headers.get('location'), `${MEMBERSHIPS}/${m.id}`);
      return m;
    };
    M.large = await join('large', T.large);
    expectAnswer({ status: 200, json: { data: M.large }, text: '' }, 200, {
      data: { organisation_id: orgs.large, organisation_name: 'Київська фотоніка ТОВ',
              organisation_kind: 'large', tier_id: T.large.id, tier_name: 'Large enterprise',
              annual_fee: 2000000, currency: 'EUR', status: 'active', joined_on: TODAY,
              applied_on: TODAY, ended_on: null, unpaid_since: null, source: 'staff',
              tiers: [{ tier_id: T.large.id, valid_from: TODAY }] },
    });
    M.sme = await join('sme', T.sme);
    M.research = await join('research', T.threshold);
    M.university = await join('university', T.below);
    M.public = await join('public', T.associate, { note: 'Premises for events' });
    assert.equal(M.public.associate, true);
    // Applicants: no joining date.
    M.startup = await created(await api.post(MEMBERSHIPS, {
      organisation_id: orgs.startup, tier_id: T.sme.id, applied_on: '2027-04-05' }));
    assert.equal(M.startup.status, 'applicant');
    assert.equal(M.startup.joined_on, null);
    M.declined = await created(await api.post(MEMBERSHIPS, {
      organisation_id: orgs.declined, tier_id: T.sme.id }));
    assert.equal(M.declined.applied_on, TODAY);
    M.pending = await created(await api.post(MEMBERSHIPS, {
      organisation_id: orgs.pending, tier_id: T.sme.id }));
  });

  test('bad memberships: field named, nothing stored', async () => {
    const before = (await api.get(`${MEMBERSHIPS}?history=true`)).json.total;
    const cases = [
      [{ tier_id: T.sme.id }, 422, 'organisation_id'],
      [{ organisation_id: M.orgs.sme }, 422, 'tier_id'],
      [{ organisation_id: M.orgs.sme, tier_id: T.sme.id, joined_on: '2027-13-01' },
       422, 'joined_on'],
      [{ organisation_id: M.orgs.sme, tier_id: T.sme.id, applied_on: '2027-04-10',
         joined_on: '2027-04-01' }, 422, 'joined_on'],
      [{ organisation_id: M.orgs.sme, tier_id: T.sme.id, status: 'active', paid: 1 },
       422, 'paid'],
      // A running membership already: 409.
      [{ organisation_id: M.orgs.sme, tier_id: T.sme.id, joined_on: TODAY }, 409, undefined],
      // An inactive tier.
      [{ organisation_id: await org(api, 'Late Joiner AB', 'sme'), tier_id: T.old.id,
         joined_on: TODAY }, 422, 'tier_id'],
      // An organisation that does not exist in the cluster.
      [{ organisation_id: 999999, tier_id: T.sme.id }, 422, 'organisation_id'],
    ];
    for (const [body, status, field] of cases) {
      const res = await api.post(MEMBERSHIPS, body);
      expectAnswer(res, status, field ? { error: { field } } : { error: { message: /\S/ } });
    }
    assert.equal((await api.get(`${MEMBERSHIPS}?history=true`)).json.total, before);
  });

  test('approve an applicant, decline another; a second approval is 409', async () => {
    let res = await api.post(`${MEMBERSHIPS}/${M.startup.id}/approve`, { joined_on: TODAY });
    expectAnswer(res, 200, { data: { id: M.startup.id, status: 'active', joined_on: TODAY,
                                     applied_on: '2027-04-05' } });
    M.startup = res.json.data;
    expectAnswer(await api.post(`${MEMBERSHIPS}/${M.startup.id}/approve`, {}), 409,
                 { error: { code: 'conflict' } });
    expectAnswer(await api.post(`${MEMBERSHIPS}/${M.pending.id}/approve`,
                                { joined_on: 'tomorrow' }), 422,
                 { error: { field: 'joined_on' } });
    expectAnswer(await api.post(`${MEMBERSHIPS}/${M.pending.id}/approve`, { when: TODAY }),
                 422, { error: { field: 'when' } });
    res = await api.post(`${MEMBERSHIPS}/${M.declined.id}/decline`,
                         { reason: 'Outside the region' });
    expectAnswer(res, 200, { data: { status: 'declined', declined_on: TODAY } });
    expectAnswer(await api.get(`${MEMBERSHIPS}/${M.pending.id}`), 200,
                 { data: { status: 'applicant' } });
  });

  test('lists: filters by status, tier and organisation, paging', async () => {
    let res = await api.get(MEMBERSHIPS);
    expectAnswer(res, 200, { total: 7, page: 1, per_page: 25 });
    assert.ok(!res.json.data.some((m) => m.id === M.declined.id),
              'a declined application is history');
    res = await api.get(`${MEMBERSHIPS}?status=declined`);
    expectAnswer(res, 200, { total: 1, data: [{ id: M.declined.id }] });
    res = await api.get(`${MEMBERSHIPS}?status=applicant`);
    expectAnswer(res, 200, { total: 1, data: [{ id: M.pending.id }] });
    res = await api.get(`${MEMBERSHIPS}?status=active`);
    expectAnswer(res, 200, { total: 6 });
    res = await api.get(`${MEMBERSHIPS}?tier_id=${T.sme.id}`);
    expectAnswer(res, 200, { total: 3 });
    res = await api.get(`${MEMBERSHIPS}?organisation_id=${M.orgs.large}`);
    expectAnswer(res, 200, { total: 1, data: [{ id: M.large.id }] });
    res = await api.get(`${MEMBERSHIPS}?per_page=2&page=2`);
    expectAnswer(res, 200, { total: 7, page: 2, per_page: 2 });
    assert.equal(res.json.data.length, 2);
    for (const [q, field] of [['status=gone', 'status'], ['sort=fee', 'sort'],
                              ['tier_id=x', 'tier_id'], ['per_page=101', 'per_page']])
      expectAnswer(await api.get(`${MEMBERSHIPS}?${q}`), 422, { error: { field } });
  });

  test("an associate's services in kind", async () => {
    const path = `${MEMBERSHIPS}/${M.public.id}/services`;
    const res = await api.post(path, { description: 'Conference hall, two days',
                                       value: 120000, given_on: '2027-04-01' });
    const s = await created(res);
    assert.equal(res.headers.get('location'), `${path}/${s.id}`);
    expectAnswer(res, 201, { data: { membership_id: M.public.id, value: 120000,
                                     currency: 'EUR', given_on: '2027-04-01' } });
    expectAnswer(await api.get(res.headers.get('location')), 200, { data: { id: s.id } });
    expectAnswer(await api.post(path, { value: 5 }), 422, { error: { field: 'description' } });
    expectAnswer(await api.post(path, { description: 'Later', given_on: '2027-12-01' }), 422,
                 { error: { field: 'given_on' } });
    expectAnswer(await api.get(path), 200, { total: 1, data: [{ id: s.id }] });
  });
});

describe('dues', () => {
  test('generate fiscal 2027: one invoice per paying membership, then none', async () => {
    let res = await api.post(`${INVOICES}/generate`, { fiscal_year: 2027 });
    expectAnswer(res, 200, { data: { fiscal_year: 2027, created: 5 } });
    res = await api.post(`${INVOICES}/generate`, { fiscal_year: 2027 });
    expectAnswer(res, 200, { data: { fiscal_year: 2027, created: 0 } });
    expectAnswer(await api.post(`${INVOICES}/generate`, { fiscal_year: 'next' }), 422,
                 { error: { field: 'fiscal_year' } });
    res = await api.get(`${INVOICES}?fiscal_year=2027`);
    expectAnswer(res, 200, { total: 5 });
    assert.deepEqual(res.json.data.map((iv) => iv.number).sort((a, b) => a - b),
                     [1, 2, 3, 4, 5]);
    for (const key of ['large', 'sme', 'startup', 'research', 'university'])
      I[key] = await invoiceOf(api, M[key].id);
    assert.equal(await invoiceOf(api, M.public.id), undefined, 'associates pay nothing');
  });

  test('exact pro-rata amounts: two instalments at and above the threshold', async () => {
    // 9 of 12 months; this half's 3 months due on joining, the next 6 on 1 July.
    assert.equal(I.large.total, 1500000);
    assert.deepEqual(I.large.instalments.map((x) => [x.due_on, x.amount]),
                     [[TODAY, 500000], ['2027-07-01', 1000000]]);
    assert.equal(I.large.instalments[0].period_end, '2027-06-30');
    assert.equal(I.research.total, 1125000);
    assert.deepEqual(I.research.instalments.map((x) => [x.due_on, x.amount]),
                     [[TODAY, 375000], ['2027-07-01', 750000]]);
    // Just below the threshold: one instalment, rounded to the cent.
    assert.deepEqual(I.university.instalments.map((x) => [x.due_on, x.amount]),
                     [[TODAY, 1124999]]);
    assert.deepEqual(I.sme.instalments.map((x) => [x.due_on, x.amount]), [[TODAY, 375000]]);
    expectAnswer({ status: 200, json: I.sme, text: '' }, 200, {
      kind: 'invoice', currency: 'EUR', status: 'open', paid: 0, balance: 375000,
      fiscal_year: 2027, issued_on: TODAY, organisation_name: 'Lunds Sensorteknik AB',
      tier_name: 'SME', overdue_amount: 0, unpaid_since: null, days_overdue: 0,
      credits: null, credited_by: null,
    });
    expectAnswer(await api.get(`${INVOICES}/${I.sme.id}`), 200, { data: { id: I.sme.id } });
  });

  test('a partial payment makes the invoice partly paid', async () => {
    const res = await api.post(PAYMENTS, { invoice_id: I.sme.id, amount: 100000,
                                           reference: 'SE45 5000 0000 0583 9825 7466' });
    const p = await created(res);
    assert.equal(res.headers.get('location'), `${INVOICES}/${I.sme.id}/payments/${p.id}`);
    expectAnswer(res, 201, { data: { invoice_id: I.sme.id, amount: 100000, paid_on: TODAY,
                                     method: 'bank_transfer', currency: 'EUR' } });
    expectAnswer(await api.get(res.headers.get('location')), 200, { data: { id: p.id } });
    expectAnswer(await api.get(`${INVOICES}/${I.sme.id}`), 200,
                 { data: { status: 'partly_paid', paid: 100000, balance: 275000 } });
  });

  test('more than the rest is 422 on amount and changes nothing', async () => {
    for (const amount of [275001, 0]) {
      expectAnswer(await api.post(PAYMENTS, { invoice_id: I.sme.id, amount }), 422,
                   { error: { code: 'invalid', field: 'amount' } });
    }
    expectAnswer(await api.post(PAYMENTS, { invoice_id: I.sme.id, amount: 5,
                                            paid_on: '2027-04-11' }), 422,
                 { error: { field: 'paid_on' } });
    expectAnswer(await api.post(PAYMENTS, { invoice_id: I.sme.id, amount: 5,
                                            method: 'bitcoin' }), 422,
                 { error: { field: 'method' } });
    expectAnswer(await api.post(PAYMENTS, { invoice_id: I.sme.id }), 422,
                 { error: { field: 'amount' } });
    const list = await api.get(`${INVOICES}/${I.sme.id}/payments`);
    expectAnswer(list, 200, { total: 1, data: [{ amount: 100000 }] });
    expectAnswer(await api.get(`${INVOICES}/${I.sme.id}`), 200,
                 { data: { status: 'partly_paid', paid: 100000 } });
  });

  test('paying the rest in full makes it paid', async () => {
    await created(await api.post(PAYMENTS, { invoice_id: I.startup.id, amount: 375000,
                                             method: 'card' }));
    expectAnswer(await api.get(`${INVOICES}/${I.startup.id}`), 200,
                 { data: { status: 'paid', paid: 375000, balance: 0 } });
  });

  test('a credit note cancels an invoice; it takes no payment after', async () => {
    const res = await api.post(`${INVOICES}/${I.university.id}/credit`,
                               { reason: 'Joined by mistake' });
    const cn = await created(res);
    assert.equal(res.headers.get('location'), `${INVOICES}/${cn.id}`);
    expectAnswer(res, 201, { data: { kind: 'credit_note', credits: I.university.id,
                                     total: -1124999, number: 6,
                                     reason: 'Joined by mistake' } });
    expectAnswer(await api.get(`${INVOICES}/${I.university.id}`), 200,
                 { data: { status: 'cancelled', credited_by: cn.id } });
    expectAnswer(await api.post(`${INVOICES}/${I.university.id}/credit`, {}), 409,
                 { error: { code: 'conflict' } });
    expectAnswer(await api.post(PAYMENTS, { invoice_id: I.university.id, amount: 1 }), 409,
                 { error: { code: 'conflict', field: 'invoice_id' } });
    expectAnswer(await api.post(PAYMENTS, { invoice_id: cn.id, amount: 1 }), 409,
                 { error: { code: 'conflict' } });
    // Credit notes are listed only when asked for.
    expectAnswer(await api.get(INVOICES), 200, { total: 5 });
    expectAnswer(await api.get(`${INVOICES}?credit_notes=true`), 200, { total: 6 });
    const open = await api.get(`${INVOICES}?status=open`);
    expectAnswer(open, 200, { total: 2, sums: { total: 2625000, paid: 0, currency: 'EUR' } });
  });

  test('list filters: bad values name the parameter', async () => {
    for (const [q, field] of [['status=late', 'status'], ['fiscal_year=27x', 'fiscal_year'],
                              ['sort=colour', 'sort'], ['organisation_id=-1', 'organisation_id']])
      expectAnswer(await api.get(`${INVOICES}?${q}`), 422, { error: { field } });
    expectAnswer(await api.get(`${INVOICES}?organisation_id=${M.orgs.sme}`), 200,
                 { total: 1, data: [{ id: I.sme.id }] });
  });
});

describe('targets', () => {
  const PLAN = {
    members: 25,
    members_by_kind: { sme: 20, research: 2 },
    budget: 10000000,
    income: [
      { source: 'membership_fees', label: 'Fees', amount: 4500000 },
      { source: 'public_funding', label: 'Regional programme', amount: 3000000 },
      { source: 'events', label: 'B2B day', amount: 500000, private: true },
    ],
  };

  test('a year without a plan is an empty plan', async () => {
    expectAnswer(await api.get(`${TARGETS}/2027`), 200, {
      data: { fiscal_year: 2027, members: 0, members_by_kind: {}, budget: 0, income: [],
              currency: 'EUR', reference_lines: [15, 25, 50] },
    });
  });

  test('PUT replaces the plan; GET reads it back', async () => {
    const res = await api.put(`${TARGETS}/2027`, PLAN);
    expectAnswer(res, 200, {
      data: { fiscal_year: 2027, members: 25, members_by_kind: { sme: 20, research: 2 },
              budget: 10000000, income_total: 8000000,
              income: [{ source: 'membership_fees', amount: 4500000, private: true },
                       { source: 'public_funding', label: 'Regional programme',
                         private: false },
                       { source: 'events', private: true }] },
    });
    expectAnswer(await api.get(`${TARGETS}/2027`), 200, { data: res.json.data });
    expectAnswer(await api.get(TARGETS), 200, { total: 1, data: [{ fiscal_year: 2027 }] });
  });

  const INVALID = [
    [{ members: -1 }, 'members'],
    [{ members: 'many' }, 'members'],
    [{ members: 100001 }, 'members'],
    [{ budget: 1.5 }, 'budget'],
    [{ members_by_kind: { giants: 1 } }, 'members_by_kind'],
    [{ income: [{ source: 'lottery', amount: 1 }] }, 'income[0].source'],
    [{ income: [PLAN.income[0], { source: 'events' }] }, 'income[1].amount'],
    [{ income: [{ source: 'events', amount: 1, label: 'x'.repeat(201) }] }, undefined],
    [{ fiscal_year: 2026 }, 'fiscal_year'],
    [{ goal: 3 }, 'goal'],
  ];
  for (const [body, field] of INVALID) {
    test(`422 on ${field ?? 'a long label'} for ${JSON.stringify(body).slice(0, 60)}, ` +
         'the plan unchanged', async () => {
      const res = await api.put(`${TARGETS}/2027`, body);
      expectAnswer(res, 422, { error: { code: 'invalid', message: /\S/ } });
      if (field)
        assert.equal(res.json.error.field, field);
      else
        assert.match(res.json.error.field, /income|label/);
      expectAnswer(await api.get(`${TARGETS}/2027`), 200,
                   { data: { members: 25, budget: 10000000 } });
    });
  }
});

describe('the dashboard', () => {
  test('figures of today agree with the memberships and invoices', async () => {
    const res = await api.get(DASHBOARD);
    expectAnswer(res, 200, {
      data: {
        date: TODAY, fiscal_year: 2027, currency: 'EUR',
        members: 6,
        target: { members: 25, by_kind: { sme: 20, research: 2 } },
        reference_lines: [15, 25, 50],
        by_status: { applicant: 1, active: 6, in_grace: 0, lapsed: 0, declined: 1 },
        by_kind: { large: 1, sme: 1, startup: 1, public: 1, research: 1, university: 1,
                   micro: 0 },
        sme_members: 2,
        // large 1,500,000 + SME 375,000 x 2 + research 1,125,000 + just below 1,124,999
        fees_expected: 4499999,
        // the same without the cancelled invoice
        invoiced: 3375000,
        paid: 475000,
        overdue: 0,
        budget: 10000000,
      },
    });
    const d = res.json.data;
    assert.equal(d.gap, d.budget - d.fees_expected);
    assert.equal(d.months.length, 24);
    assert.deepEqual(d.months.at(-1), { month: '2027-04', members: 6, joins: 6, leaves: 0 });
    const tier = d.by_tier.find((t) => t.tier_id === T.sme.id);
    assert.equal(tier.members, 2);
    expectAnswer(await api.get(`${DASHBOARD}?date=2027-04-31`), 422,
                 { error: { field: 'date' } });
    const before = await api.get(`${DASHBOARD}?date=2027-03-31`);
    expectAnswer(before, 200, { data: { date: '2027-03-31', members: 0 } });
  });
});

describe('bad requests and the board role', () => {
  test('malformed JSON is 400 and stores nothing', async () => {
    for (const path of [TIERS, MEMBERSHIPS, PAYMENTS, `${MEMBERSHIPS}/${M.pending.id}/approve`,
                        `${INVOICES}/generate`]) {
      const res = await api.send('POST', path, {
        body: '{"name": ', headers: { 'content-type': 'application/json' } });
      expectAnswer(res, 400, { error: { code: 'bad_request', field: null,
                                        message: /line 1, column \d+/ } });
    }
    const res = await api.send('PUT', `${TARGETS}/2027`, {
      body: '[1, 2]', headers: { 'content-type': 'application/json' } });
    expectAnswer(res, 400, { error: { code: 'bad_request' } });
    expectAnswer(await api.get(`${MEMBERSHIPS}/${M.pending.id}`), 200,
                 { data: { status: 'applicant' } });
  });

  test('board members read but every write is 403', async () => {
    const writes = [
      ['POST', TIERS, { name: 'Board tier', annual_fee: 1 }],
      ['PATCH', `${TIERS}/${T.sme.id}`, { annual_fee: 1 }],
      ['POST', MEMBERSHIPS, { organisation_id: M.orgs.pending, tier_id: T.sme.id }],
      ['POST', `${MEMBERSHIPS}/${M.pending.id}/approve`, {}],
      ['POST', `${MEMBERSHIPS}/${M.large.id}/end`, { ended_on: TODAY }],
      ['POST', `${MEMBERSHIPS}/${M.public.id}/services`, { description: 'x' }],
      ['POST', `${INVOICES}/generate`, { fiscal_year: 2028 }],
      ['POST', `${INVOICES}/${I.large.id}/credit`, {}],
      ['POST', PAYMENTS, { invoice_id: I.large.id, amount: 1 }],
      ['PUT', `${TARGETS}/2027`, { members: 1 }],
    ];
    for (const [method, path, json] of writes)
      expectAnswer(await board.send(method, path, { json }), 403,
                   { error: { code: 'forbidden' } });
    for (const path of [TIERS, MEMBERSHIPS, INVOICES, `${TARGETS}/2027`, DASHBOARD,
                        `${INVOICES}/${I.large.id}/payments`])
      expectAnswer(await board.get(path), 200);
    expectAnswer(await api.get(`${INVOICES}/${I.large.id}`), 200,
                 { data: { status: 'open', paid: 0 } });
    expectAnswer(await api.get(`${TARGETS}/2027`), 200, { data: { members: 25 } });
  });

  test('no token is 401', async () => {
    expectAnswer(await apiClient(srv.base).get(DASHBOARD), 401);
  });
});

describe('tenancy', () => {
  test("Beta's token gets 404 for Alpha's records", async () => {
    const cases = [
      ['GET', `${TIERS}/${T.sme.id}`],
      ['PATCH', `${TIERS}/${T.sme.id}`, { annual_fee: 1 }],
      ['GET', `${MEMBERSHIPS}/${M.sme.id}`],
      ['POST', `${MEMBERSHIPS}/${M.pending.id}/approve`, {}],
      ['POST', `${MEMBERSHIPS}/${M.large.id}/end`, { ended_on: TODAY }],
      ['POST', `${MEMBERSHIPS}/${M.large.id}/tier`, { tier_id: T.sme.id }],
      ['GET', `${MEMBERSHIPS}/${M.public.id}/services`],
      ['GET', `${INVOICES}/${I.sme.id}`],
      ['GET', `${INVOICES}/${I.sme.id}/payments`],
      ['POST', `${INVOICES}/${I.large.id}/credit`, {}],
      ['POST', PAYMENTS, { invoice_id: I.large.id, amount: 1 }],
    ];
    for (const [method, path, json] of cases) {
      const res = await beta.send(method, path, json ? { json } : {});
      expectAnswer(res, 404, { error: { code: 'not_found' } });
    }
    // Alpha's organisation and tier in a body are not Beta's.
    const own = await created(await beta.post(TIERS, { name: 'Beta SME', annual_fee: 300000 }));
    expectAnswer(await beta.post(MEMBERSHIPS, { organisation_id: M.orgs.pending,
                                                tier_id: own.id }), 422,
                 { error: { field: 'organisation_id' } });
    const betaOrg = await org(beta, 'Beta Robotics', 'sme');
    expectAnswer(await beta.post(MEMBERSHIPS, { organisation_id: betaOrg, tier_id: T.sme.id }),
                 422, { error: { field: 'tier_id' } });
    // Nothing of Alpha changed.
    expectAnswer(await api.get(`${INVOICES}/${I.large.id}`), 200,
                 { data: { status: 'open', credited_by: null } });
    expectAnswer(await api.get(`${MEMBERSHIPS}/${M.pending.id}`), 200,
                 { data: { status: 'applicant' } });
  });

  test("Beta's lists and dashboard hold none of Alpha's", async () => {
    expectAnswer(await beta.get(TIERS), 200, { total: 1 });
    expectAnswer(await beta.get(`${MEMBERSHIPS}?history=true`), 200, { total: 0 });
    expectAnswer(await beta.get(`${INVOICES}?credit_notes=true`), 200,
                 { total: 0, sums: { total: 0, paid: 0, overdue: 0 } });
    expectAnswer(await beta.get(`${TARGETS}/2027`), 200, { data: { members: 0, income: [] } });
    expectAnswer(await beta.get(DASHBOARD), 200, {
      data: { members: 0, fees_expected: 0, invoiced: 0, paid: 0, overdue: 0, budget: 0 },
    });
  });
});

describe('two clients generating dues at the same moment', () => {
  test('numbers stay gapless 1..N without duplicates', async () => {
    const tier = (await beta.get(TIERS)).json.data[0];
    const N = 12;
    for (let i = 0; i < N; i++) {
      const o = await org(beta, `Beta Member ${i}`, 'sme');
      await created(await beta.post(MEMBERSHIPS, { organisation_id: o, tier_id: tier.id,
                                                   joined_on: TODAY }));
    }
    const other = apiClient(srv.base, srv.tokens.beta.admin);
    const [a, b] = await Promise.all([
      beta.post(`${INVOICES}/generate`, { fiscal_year: 2027 }),
      other.post(`${INVOICES}/generate`, { fiscal_year: 2027 }),
    ]);
    expectAnswer(a, 200);
    expectAnswer(b, 200);
    assert.equal(a.json.data.created + b.json.data.created, N);
    const list = await beta.get(`${INVOICES}?per_page=100`);
    expectAnswer(list, 200, { total: N });
    const numbers = list.json.data.map((iv) => iv.number).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: N }, (_, i) => i + 1));
    assert.equal(new Set(list.json.data.map((iv) => iv.membership_id)).size, N);
    // Alpha's numbering is its own.
    expectAnswer(await api.get(`${INVOICES}?credit_notes=true`), 200, { total: 6 });
    const d = (await beta.get(DASHBOARD)).json.data;
    assert.equal(d.members, N);
    assert.equal(d.invoiced, N * 225000); // 3,000.00 for 9 of 12 months
  });
});

describe('later: overdue, in grace through day 60, lapsed from day 61', () => {
  test('30 days after the due date: overdue and in grace', async () => {
    const s = await serveAt('2027-05-10');
    expectAnswer(await s.api.get(`${INVOICES}/${I.sme.id}`), 200, {
      data: { status: 'overdue', paid: 100000, overdue_amount: 275000,
              unpaid_since: TODAY, days_overdue: 30 },
    });
    expectAnswer(await s.api.get(`${INVOICES}/${I.startup.id}`), 200,
                 { data: { status: 'paid' } });
    expectAnswer(await s.api.get(`${INVOICES}/${I.university.id}`), 200,
                 { data: { status: 'cancelled' } });
    expectAnswer(await s.api.get(`${MEMBERSHIPS}/${M.sme.id}`), 200,
                 { data: { status: 'in_grace', unpaid_since: TODAY } });
    const overdue = await s.api.get(`${INVOICES}?status=overdue&sort=-days_overdue`);
    // large 500,000 of its first half, SME 275,000 left, research 375,000
    expectAnswer(overdue, 200, { total: 3, sums: { overdue: 1150000 } });
    const grace = await s.api.get(`${MEMBERSHIPS}?status=in_grace`);
    expectAnswer(grace, 200, { total: 3 });
    assert.deepEqual(grace.json.data.map((m) => m.id).sort(),
                     [M.large.id, M.sme.id, M.research.id].sort());
    const d = (await s.api.get(DASHBOARD)).json.data;
    assertSubsetOf(d, { members: 6, overdue: 1150000, overdue_invoices: 3,
                        by_status: { active: 3, in_grace: 3, lapsed: 0 } });
    // Beta's overdue invoices are Beta's only.
    const bd = (await s.beta.get(DASHBOARD)).json.data;
    assert.equal(bd.members + bd.by_status.lapsed, 12);
  });

  test('day 60 still in grace', async () => {
    const s = await serveAt('2027-06-09');
    expectAnswer(await s.api.get(`${MEMBERSHIPS}/${M.sme.id}`), 200,
                 { data: { status: 'in_grace' } });
    expectAnswer(await s.api.get(`${INVOICES}/${I.sme.id}`), 200,
                 { data: { days_overdue: 60 } });
  });

  test('day 61 lapsed; lapsed members no longer count', async () => {
    const s = await serveAt('2027-06-10');
    expectAnswer(await s.api.get(`${MEMBERSHIPS}/${M.sme.id}`), 200,
                 { data: { status: 'lapsed' } });
    expectAnswer(await s.api.get(`${MEMBERSHIPS}?status=lapsed`), 200, { total: 3 });
    // Paid, cancelled and associates stay active.
    for (const key of ['startup', 'university', 'public'])
      expectAnswer(await s.api.get(`${MEMBERSHIPS}/${M[key].id}`), 200,
                   { data: { status: 'active' } });
    const d = (await s.api.get(DASHBOARD)).json.data;
    assertSubsetOf(d, { members: 3, by_status: { active: 3, lapsed: 3, in_grace: 0 } });
  });

  test('a payment of the rest brings the member back', async () => {
    const s = later.at(-1);
    await created(await s.api.post(PAYMENTS, { invoice_id: I.sme.id, amount: 275000,
                                               paid_on: '2027-06-10' }));
    expectAnswer(await s.api.get(`${MEMBERSHIPS}/${M.sme.id}`), 200,
                 { data: { status: 'active', unpaid_since: null } });
    expectAnswer(await s.api.get(`${INVOICES}/${I.sme.id}`), 200,
                 { data: { status: 'paid', paid: 375000 } });
  });

  test('ending a membership: resigned from the end day', async () => {
    const s = later.at(-1);
    const res = await s.api.post(`${MEMBERSHIPS}/${M.public.id}/end`,
                                 { ended_on: '2027-06-10', reason: 'Moved away' });
    expectAnswer(res, 200, { data: { status: 'resigned', ended_on: '2027-06-10',
                                     end_reason: 'Moved away' } });
    expectAnswer(await s.api.post(`${MEMBERSHIPS}/${M.public.id}/end`, {}), 422,
                 { error: { field: 'ended_on' } });
  });
});

function assertSubsetOf(actual, expected) {
  expectAnswer({ status: 200, json: actual, text: JSON.stringify(actual) }, 200, expected);
}
