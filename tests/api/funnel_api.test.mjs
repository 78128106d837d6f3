// The funnel API on a real server: activities (log, list with filters,
// change, delete), leads and their stage by date (cold; an e-mail reply
// turns a lead warm through the reply's day + 90; a server started 91 days
// later on the same database answers cold again), lead changes (source,
// do not contact), the funnel board and the monthly figures, bad input
// with the field named, the board role, and tenancy.
//
// Settings are the defaults: 90 warm days; e-mail reply, meeting,
// enquiry and event attendance are interest signals.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, serve, startServer } from './lib.mjs';

const ORGS = `${API}/organisations`;
const ACTIVITIES = `${API}/activities`;
const LEADS = `${API}/leads`;
const FUNNEL = `${API}/funnel`;

const TODAY = '2027-04-10';

let srv;
let api; // Alpha's manager
let board; // Alpha's board member
let beta; // Beta's manager
const later = [];

const O = {}; // Alpha's organisations by key
const A = {}; // Alpha's activities by key

/* The day n days after the "YYYY-MM-DD" day s. */
function addDays(s, n) {
  const d = new Date(`${s}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function created(res) {
  expectAnswer(res, 201);
  const id = res.json.data.id ?? res.json.data.organisation_id;
  assert.ok(Number.isInteger(id) && id > 0, 'a record number');
  assert.match(res.headers.get('location') || '', new RegExp(`/${id}$`));
  return res.json.data;
}

async function org(client, name, kind = 'sme') {
  return (await created(await client.post(ORGS, { name, kind }))).id;
}

function expectInvalid(res, field) {
  expectAnswer(res, 422, { error: { code: 'invalid', field } });
}

async function activityCount(client, orgId) {
  const res = await client.get(`${ACTIVITIES}?organisation_id=${orgId}`);
  expectAnswer(res, 200);
  return res.json.total;
}

before(async () => {
  srv = await startServer({ today: TODAY });
  api = apiClient(srv.base, srv.tokens.alpha.manager);
  board = apiClient(srv.base, srv.tokens.alpha.board);
  beta = apiClient(srv.base, srv.tokens.beta.manager);
  O.cold = await org(api, 'Coldwater Optics');
  O.other = await org(api, 'Fjord Lasers');
  O.quiet = await org(api, 'Quiet Photonics');
  O.beta = await org(beta, 'Beta Sensors');
});

after(async () => {
  for (const s of later)
    await s.stop();
  await srv?.stop();
});

describe('leads and activities', () => {
  test('a new organisation is a cold lead without warm_until', async () => {
    const res = await api.get(`${LEADS}/${O.cold}`);
    expectAnswer(res, 200, {
      data: {
        organisation_id: O.cold, name: 'Coldwater Optics', stage: 'cold',
        warm_until: null, do_not_contact: false, do_not_contact_on: null,
        last_signal: null,
      },
    });
  });

  test('an e-mail reply is logged: 201, Location, an interest signal', async () => {
    const data = await created(await api.post(ACTIVITIES, {
      organisation_id: O.cold, kind: 'email_reply', date: TODAY,
      text: 'Wants to hear about membership',
    }));
    assert.equal(data.organisation_id, O.cold);
    assert.equal(data.kind, 'email_reply');
    assert.equal(data.date, TODAY);
    assert.equal(data.signal, true);
    assert.equal(data.contact_id, null);
    assert.equal(data.registration_id, null);
    assert.match(data.author, /manager/);
    A.reply = data.id;
  });

  test('the lead is warm through the reply day + 90', async () => {
    const res = await api.get(`${LEADS}/${O.cold}`);
    expectAnswer(res, 200, {
      data: { stage: 'warm', warm_until: addDays(TODAY, 90), last_signal: TODAY },
    });
  });

  test('an e-mail sent is no signal; a note with no date is dated today', async () => {
    const sent = await created(await api.post(ACTIVITIES, {
      organisation_id: O.other, kind: 'email_out', date: addDays(TODAY, -3),
      text: 'Invitation',
    }));
    assert.equal(sent.signal, false);
    A.sent = sent.id;
    const note = await created(await api.post(ACTIVITIES, {
      organisation_id: O.other, kind: 'note', text: 'Met at the fair',
    }));
    assert.equal(note.date, TODAY);
    A.note = note.id;
    expectAnswer(await api.get(`${LEADS}/${O.other}`), 200,
                 { data: { stage: 'cold', warm_until: null } });
  });

  test('list with filters, newest first, in the list envelope', async () => {
    let res = await api.get(`${ACTIVITIES}?organisation_id=${O.other}`);
    expectAnswer(res, 200, { total: 2, page: 1, per_page: 25 });
    assert.deepEqual(res.json.data.map((a) => a.id), [A.note, A.sent]);
    res = await api.get(`${ACTIVITIES}?kind=email_out`);
    expectAnswer(res, 200, { total: 1 });
    assert.equal(res.json.data[0].id, A.sent);
    res = await api.get(`${ACTIVITIES}?from=${TODAY}&to=${TODAY}`);
    expectAnswer(res, 200, { total: 2 });
    res = await api.get(`${ACTIVITIES}?per_page=1&page=2`);
    expectAnswer(res, 200, { total: 3, page: 2, per_page: 1 });
    assert.equal(res.json.data.length, 1);
  });

  test('get, change and delete an activity', async () => {
    expectAnswer(await api.get(`${ACTIVITIES}/${A.note}`), 200,
                 { data: { id: A.note, kind: 'note', text: 'Met at the fair' } });
    expectAnswer(await api.patch(`${ACTIVITIES}/${A.note}`,
                                 { text: 'Met at the spring fair', kind: 'call' }),
                 200, { data: { id: A.note, kind: 'call', text: 'Met at the spring fair',
                                organisation_id: O.other } });
    expectInvalid(await api.patch(`${ACTIVITIES}/${A.note}`,
                                  { organisation_id: O.cold }), 'organisation_id');
    const del = await api.send('DELETE', `${ACTIVITIES}/${A.note}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    expectAnswer(await api.get(`${ACTIVITIES}/${A.note}`), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await api.send('DELETE', `${ACTIVITIES}/${A.note}`), 404);
  });

  test('bad input: 422 naming the field, nothing stored', async () => {
    const before = await activityCount(api, O.quiet);
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: O.quiet, kind: 'fax' }),
                  'kind');
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: O.quiet }), 'kind');
    expectInvalid(await api.post(ACTIVITIES, { kind: 'call' }), 'organisation_id');
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: O.quiet, kind: 'call',
                                               date: '2027-02-30' }), 'date');
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: O.quiet, kind: 'call',
                                               date: addDays(TODAY, 1) }), 'date');
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: O.quiet, kind: 'call',
                                               colour: 'red' }), 'colour');
    expectInvalid(await api.post(ACTIVITIES, { organisation_id: 999999, kind: 'call' }),
                  'organisation_id');
    const bad = await api.send('POST', ACTIVITIES, { body: '{"kind": ', headers:
                                                     { 'content-type': 'application/json' } });
    expectAnswer(bad, 400, { error: { code: 'bad_request' } });
    expectInvalid(await api.get(`${ACTIVITIES}?kind=fax`), 'kind');
    expectInvalid(await api.get(`${ACTIVITIES}?from=yesterday`), 'from');
    expectInvalid(await api.get(`${ACTIVITIES}?organisation_id=x`), 'organisation_id');
    assert.equal(await activityCount(api, O.quiet), before);
  });

  test('lead lists by stage, with 422 for an unknown stage or sort', async () => {
    let res = await api.get(`${LEADS}?stage=warm`);
    expectAnswer(res, 200, { total: 1 });
    assert.equal(res.json.data[0].organisation_id, O.cold);
    res = await api.get(`${LEADS}?stage=cold&sort=-name`);
    expectAnswer(res, 200, { total: 2 });
    assert.deepEqual(res.json.data.map((l) => l.name), ['Quiet Photonics', 'Fjord Lasers']);
    res = await api.get(`${LEADS}?q=fjord`);
    expectAnswer(res, 200, { total: 1 });
    expectInvalid(await api.get(`${LEADS}?stage=lukewarm`), 'stage');
    expectInvalid(await api.get(`${LEADS}?sort=colour`), 'sort');
    expectInvalid(await api.get(`${LEADS}?owner_id=x`), 'owner_id');
  });

  test('PATCH a lead: source, then do not contact', async () => {
    expectAnswer(await api.patch(`${LEADS}/${O.quiet}`, { source: 'trade fair' }), 200,
                 { data: { organisation_id: O.quiet, source: 'trade fair', stage: 'cold' } });
    let res = await api.get(`${LEADS}?source=${encodeURIComponent('trade fair')}`);
    expectAnswer(res, 200, { total: 1 });
    expectAnswer(await api.patch(`${LEADS}/${O.quiet}`,
                                 { do_not_contact: true,
                                   do_not_contact_reason: 'Asked on the phone' }),
                 200, { data: { stage: 'do_not_contact', do_not_contact: true,
                                do_not_contact_on: TODAY,
                                do_not_contact_reason: 'Asked on the phone' } });
    res = await api.get(`${LEADS}?stage=do_not_contact`);
    expectAnswer(res, 200, { total: 1 });
    expectInvalid(await api.patch(`${LEADS}/${O.quiet}`, { stage: 'warm', colour: 1 }),
                  'colour');
    expectInvalid(await api.patch(`${LEADS}/${O.quiet}`, { since: 'soon' }), 'since');
    expectInvalid(await api.patch(`${LEADS}/${O.quiet}`, { owner_id: 'me' }), 'owner_id');
    expectAnswer(await api.patch(`${LEADS}/${O.quiet}`, { do_not_contact: false }), 200,
                 { data: { stage: 'cold', do_not_contact: false } });
  });
});

describe('the funnel', () => {
  test('the board: stage counts, warm leads with days left', async () => {
    const res = await api.get(FUNNEL);
    expectAnswer(res, 200, {
      data: {
        date: TODAY,
        stages: { cold: 2, warm: 1, member: 0, do_not_contact: 0 },
        base: 3,
        joined_this_month: 0,
        warm: [{ organisation_id: O.cold, warm_until: addDays(TODAY, 90),
                 days_left: 90 }],
        cooling: [],
        joined: [],
      },
    });
  });

  test('the board on a past day, and days it refuses', async () => {
    expectAnswer(await api.get(`${FUNNEL}?date=${addDays(TODAY, -1)}`), 200,
                 { data: { date: addDays(TODAY, -1), stages: { warm: 0 } } });
    expectInvalid(await api.get(`${FUNNEL}?date=${addDays(TODAY, 1)}`), 'date');
    expectInvalid(await api.get(`${FUNNEL}?date=April`), 'date');
    expectInvalid(await api.get(`${FUNNEL}?limit=0`), 'limit');
  });

  test('months: the figures of each month with outreach by channel', async () => {
    const res = await api.get(`${FUNNEL}/months?month=2027-04&months=3`);
    expectAnswer(res, 200, { data: { month: '2027-04', months: 3 } });
    const items = res.json.data.items;
    assert.deepEqual(items.map((m) => m.month), ['2027-02', '2027-03', '2027-04']);
    const april = items[2];
    for (const key of ['base', 'cold_growth', 'new_leads', 'warmed', 'conversions',
                       'conversions_warm', 'cooled'])
      assert.ok(Number.isInteger(april[key]), `${key} is an integer`);
    assert.deepEqual(Object.keys(april.stages),
                     ['cold', 'warm', 'member', 'do_not_contact']);
    assert.deepEqual(Object.keys(april.outreach),
                     ['email', 'call', 'meeting', 'event', 'social', 'total']);
    // One e-mail sent in April; the reply is inbound, not outreach.
    assert.equal(april.outreach.email, 1);
    assert.equal(april.outreach.total, 1);
    assert.equal(april.stages.warm, 1);
    const def = await api.get(`${FUNNEL}/months`);
    expectAnswer(def, 200, { data: { month: '2027-04', months: 12 } });
    assert.equal(def.json.data.items.length, 12);
    expectInvalid(await api.get(`${FUNNEL}/months?month=2027-13`), 'month');
    expectInvalid(await api.get(`${FUNNEL}/months?month=2027-05`), 'month');
    expectInvalid(await api.get(`${FUNNEL}/months?months=0`), 'months');
    expectInvalid(await api.get(`${FUNNEL}/months?months=37`), 'months');
  });
});

describe('roles and tenancy', () => {
  test('the board role reads but may not write', async () => {
    expectAnswer(await board.get(`${LEADS}/${O.cold}`), 200);
    expectAnswer(await board.get(FUNNEL), 200);
    const before = await activityCount(api, O.quiet);
    expectAnswer(await board.post(ACTIVITIES, { organisation_id: O.quiet, kind: 'call' }),
                 403, { error: { code: 'forbidden' } });
    expectAnswer(await board.patch(`${ACTIVITIES}/${A.sent}`, { text: 'x' }), 403);
    expectAnswer(await board.send('DELETE', `${ACTIVITIES}/${A.sent}`), 403);
    expectAnswer(await board.patch(`${LEADS}/${O.quiet}`, { source: 'x' }), 403);
    assert.equal(await activityCount(api, O.quiet), before);
    expectAnswer(await api.get(`${ACTIVITIES}/${A.sent}`), 200,
                 { data: { text: 'Invitation' } });
  });

  test("Beta sees none of Alpha's activities and leads", async () => {
    expectAnswer(await beta.get(`${ACTIVITIES}/${A.reply}`), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await beta.patch(`${ACTIVITIES}/${A.reply}`, { text: 'x' }), 404);
    expectAnswer(await beta.send('DELETE', `${ACTIVITIES}/${A.reply}`), 404);
    expectAnswer(await beta.get(`${LEADS}/${O.cold}`), 404);
    expectAnswer(await beta.patch(`${LEADS}/${O.cold}`, { source: 'stolen' }), 404);
    const list = await beta.get(ACTIVITIES);
    expectAnswer(list, 200, { total: 0 });
    const leads = await beta.get(LEADS);
    expectAnswer(leads, 200, { total: 1 });
    assert.equal(leads.json.data[0].organisation_id, O.beta);
    expectAnswer(await beta.get(FUNNEL), 200, { data: { stages: { warm: 0, cold: 1 } } });
    expectAnswer(await api.get(`${LEADS}/${O.cold}`), 200,
                 { data: { stage: 'warm', source: '' } });
  });

  test("Beta's activity for Alpha's organisation is refused, nothing stored", async () => {
    const before = await activityCount(api, O.quiet);
    expectInvalid(await beta.post(ACTIVITIES, { organisation_id: O.quiet,
                                                kind: 'email_reply' }),
                  'organisation_id');
    assert.equal(await activityCount(api, O.quiet), before);
    expectAnswer(await api.get(`${LEADS}/${O.quiet}`), 200, { data: { stage: 'cold' } });
    expectAnswer(await beta.get(ACTIVITIES), 200, { total: 0 });
  });
});

describe('the day moves on', () => {
  async function at(today) {
    const s = await serve({ db: srv.db, today });
    later.push(s);
    return apiClient(s.base, srv.tokens.alpha.manager);
  }

  test('day 90 after the reply is still warm, day 91 cold', async () => {
    const day90 = await at(addDays(TODAY, 90));
    expectAnswer(await day90.get(`${LEADS}/${O.cold}`), 200,
                 { data: { stage: 'warm', warm_until: addDays(TODAY, 90) } });
    expectAnswer(await day90.get(FUNNEL), 200,
                 { data: { cooling: [{ organisation_id: O.cold, days_left: 0 }] } });
    const day91 = await at(addDays(TODAY, 91));
    expectAnswer(await day91.get(`${LEADS}/${O.cold}`), 200,
                 { data: { stage: 'cold', warm_until: null, last_signal: TODAY } });
    const res = await day91.get(`${LEADS}?stage=warm`);
    expectAnswer(res, 200, { total: 0 });
  });

  test('a new signal renews the warmth', async () => {
    const day91 = await at(addDays(TODAY, 91));
    const when = addDays(TODAY, 91);
    await created(await day91.post(ACTIVITIES, { organisation_id: O.cold,
                                                 kind: 'meeting', date: when }));
    expectAnswer(await day91.get(`${LEADS}/${O.cold}`), 200,
                 { data: { stage: 'warm', warm_until: addDays(when, 90) } });
  });
});
