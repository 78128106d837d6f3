// The event and working-group pages through a real server and a cookie
// jar: the event form (errors beside fields, input kept), staff
// registration with capacity and waitlist, cancellation moving the
// waitlist up, check-in writing the attendance on the organisation's
// timeline, fees, attendee exports and iCalendar files, the public event
// pages (no sign-in, CSRF by the pre-session cookie, bad input stores
// nothing, new organisations created), satisfaction links, working
// groups, tenancy (another cluster's event is a 404, also for a
// registration by guessed id) and escaping. Every page is checked with
// tidy.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { API, PageClient, apiClient, expectAnswer, signIn, startServer } from './lib.mjs';

const TODAY = '2026-03-31';
const XSS = '<script>alert(1)</script>';
let srv, manager, board, betaManager, alphaApi, betaApi;
const orgs = {};

before(async () => {
  srv = await startServer({ today: TODAY });
  manager = await signIn(srv.base, srv.users.alpha.manager);
  board = await signIn(srv.base, srv.users.alpha.board);
  betaManager = await signIn(srv.base, srv.users.beta.manager);
  alphaApi = apiClient(srv.base, srv.tokens.alpha.manager);
  betaApi = apiClient(srv.base, srv.tokens.beta.manager);
  for (const [key, name] of [['nordic', 'Nordic Sensors AB'], ['baltic', 'Baltic Robotics'],
                             ['carpathian', 'Carpathian Drones']]) {
    const res = await alphaApi.post(`${API}/organisations`, { name, kind: 'sme' });
    expectAnswer(res, 201);
    orgs[key] = res.json.data.id;
  }
  const beta = await betaApi.post(`${API}/organisations`, { name: 'Beta Intruder Ltd', kind: 'sme' });
  expectAnswer(beta, 201);
  orgs.beta = beta.json.data.id;
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

/* Creates an event through the form; answers its id. */
async function createEvent(fields) {
  const res = await manager.post('/events/new', {
    kind: 'seminar', place: 'Science Park, Hall A', capacity: '0', member_fee: '0',
    nonmember_fee: '0', public: '1', description: '', ...fields,
  });
  assert.equal(res.status, 303, res.text.slice(0, 500));
  const m = /^\/events\/(\d+)\?msg=created$/.exec(res.location);
  assert.ok(m, res.location);
  return m[1];
}

/* The table rows (<tr>...</tr>) of a page that contain text. */
function rowsWith(html, text) {
  return html.split('<tr').filter((r) => r.includes(text));
}

/* The registration id in the row of the person. */
function registrationId(html, name) {
  const rows = rowsWith(html, `>${name}<`).filter((r) => /\/registrations\/\d+\//.test(r));
  assert.ok(rows.length, `no row with actions for ${name}`);
  return /\/registrations\/(\d+)\//.exec(rows[0])[1];
}

/* The rows of the registrations table (not the waitlist). */
function registrationRows(html) {
  const table = /<table[^>]*id="registrations"[\s\S]*?<\/table>/.exec(html);
  assert.ok(table, 'the page has the registrations table');
  return (table[0].match(/data-registration=/g) || []).length;
}

let eventId, privateId;

describe('the event form', () => {
  test('a bad field is shown beside it, the input is kept and nothing is stored', async () => {
    await assertTidy(manager, '/events/new');
    const res = await manager.post('/events/new', {
      title: 'Robotics day', kind: 'seminar', starts_at: '2026-04-15T09:00',
      ends_at: 'next tuesday', place: 'Science Park', capacity: '1',
      member_fee: 'lots', nonmember_fee: '80', public: '1', description: 'Kept text',
    });
    assert.equal(res.status, 422, res.text.slice(0, 300));
    assert.match(res.text, /id="ends_at-error"/);
    assert.match(res.text, /id="member_fee-error"/);
    assert.match(res.text, /value="Robotics day"/);
    assert.match(res.text, /value="next tuesday"/);
    assert.match(res.text, /value="lots"/);
    assert.match(res.text, /Kept text/);
    assert.equal(await tidy(res.text), '');
    const ends = await manager.post('/events/new', {
      title: 'Backwards', kind: 'seminar', starts_at: '2026-04-15T09:00',
      ends_at: '2026-04-14T09:00',
    });
    assert.equal(ends.status, 422);
    assert.match(ends.text, /id="ends_at-error"/);
    const list = await manager.get('/events');
    assert.doesNotMatch(list.text, /Robotics day|Backwards/);
  });

  test('an event is created, listed, edited; the board may not', async () => {
    eventId = await createEvent({
      title: 'Robotics day', starts_at: '2026-04-15T09:00', ends_at: '2026-04-15T17:00',
      capacity: '1', member_fee: '50', nonmember_fee: '80,50', description: 'Demos.\nTalks.',
    });
    const page = await assertTidy(manager, `/events/${eventId}?msg=created`);
    assert.match(page.text, /Robotics day/);
    assert.match(page.text, /2026-04-15 09:00–17:00/);
    assert.match(page.text, /80\.50 EUR/);
    assert.match(page.text, /\/clusters\/alpha-cluster\/events\/\d+/);
    const list = await assertTidy(manager, '/events');
    assert.match(rowsWith(list.text, 'Robotics day')[0], /0 \/ 1/);
    await assertTidy(manager, '/events?when=past');
    await assertTidy(manager, '/events?kind=seminar&q=robot');
    assert.equal((await manager.get('/events?kind=nonsense')).status, 422);
    const edit = await assertTidy(manager, `/events/${eventId}/edit`);
    assert.match(edit.text, /value="2026-04-15T09:00"/);
    assert.match(edit.text, /value="80\.50"/);
    const csv = await manager.get('/events/export?format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.text, /Robotics day/);
    const denied = await board.post('/events/new', { title: 'Board event', kind: 'vip',
                                                     starts_at: '2026-05-01T10:00',
                                                     ends_at: '2026-05-01T12:00' });
    assert.equal(denied.status, 403);
    privateId = await createEvent({
      title: 'Members only dinner', kind: 'vip', starts_at: '2026-04-20T19:00',
      ends_at: '2026-04-20T23:00', public: '',
    });
  });
});

describe('staff registration, waitlist and check-in', () => {
  let anna, bo;

  test('capacity 1: the second organisation goes on the waitlist', async () => {
    let res = await manager.post(`/events/${eventId}/registrations`,
                                 { organisation_id: orgs.nordic, name: 'Anna Berg',
                                   email: 'anna@nordic.example' });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `/events/${eventId}?msg=registered`);
    res = await manager.post(`/events/${eventId}/registrations`,
                             { organisation_id: orgs.baltic, name: 'Bo Lind',
                               email: 'bo@baltic.example' });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `/events/${eventId}?msg=waitlisted`);
    const page = await assertTidy(manager, `/events/${eventId}?msg=waitlisted`);
    const waitlist = /<table[^>]*id="waitlist"[\s\S]*?<\/table>/.exec(page.text);
    assert.ok(waitlist, 'a waitlist table');
    assert.match(waitlist[0], /Bo Lind/);
    assert.doesNotMatch(waitlist[0], /Anna Berg/);
    assert.equal(registrationRows(page.text), 1);
    anna = registrationId(page.text, 'Anna Berg');
    bo = registrationId(page.text, 'Bo Lind');
  });

  test('the registration form searches organisations and shows errors beside fields', async () => {
    const search = await assertTidy(manager, `/events/${eventId}?org_q=carpath`);
    assert.match(search.text, new RegExp(`\\?org=${orgs.carpathian}#register`));
    await assertTidy(manager, `/events/${eventId}?org=${orgs.carpathian}`);
    const none = await manager.post(`/events/${eventId}/registrations`, { organisation_id: '' });
    assert.equal(none.status, 422);
    assert.match(none.text, /id="organisation_id-error"/);
    const noName = await manager.post(`/events/${eventId}/registrations`,
                                      { organisation_id: orgs.carpathian, name: '',
                                        email: XSS });
    assert.equal(noName.status, 422, noName.text.slice(0, 300));
    assert.ok(!noName.text.includes(XSS));
    assert.equal(await tidy(noName.text), '');
    const dup = await manager.post(`/events/${eventId}/registrations`,
                                   { organisation_id: orgs.nordic, name: 'Anna Berg',
                                     email: 'anna@nordic.example' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /id="email-error"/);
    const page = await manager.get(`/events/${eventId}`);
    assert.equal(registrationRows(page.text), 1);
  });

  test('cancelling the first moves the waitlisted one up', async () => {
    await assertTidy(manager, `/events/${eventId}/registrations/${anna}/cancel`);
    const res = await manager.post(`/events/${eventId}/registrations/${anna}/cancel`);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await assertTidy(manager, `/events/${eventId}?msg=reg-cancelled`);
    assert.match(page.text, /Nobody is waiting/);
    const boRow = rowsWith(page.text, 'bo@baltic.example')[0];
    assert.match(boRow, /data-status="registered"/);
    const annaRow = rowsWith(page.text, 'anna@nordic.example')[0];
    assert.match(annaRow, /data-status="cancelled"/);
  });

  test('check-in marks attended and the organisation timeline shows it', async () => {
    const res = await manager.post(`/events/${eventId}/registrations/${bo}/status`,
                                   { status: 'attended' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await manager.get(`/events/${eventId}`);
    assert.match(rowsWith(page.text, 'bo@baltic.example')[0], /data-status="attended"/);
    const org = await assertTidy(manager, `/organisations/${orgs.baltic}`);
    assert.match(org.text, /Attended Robotics day/);
    assert.match(org.text, /id="org-registrations"/);
    const bad = await manager.post(`/events/${eventId}/registrations/${bo}/status`,
                                   { status: 'sideways' });
    assert.equal(bad.status, 422);
  });

  test('fees are marked paid and summed by member and non-member', async () => {
    const res = await manager.post(`/events/${eventId}/registrations/${bo}/paid`, { paid: '1' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const page = await manager.get(`/events/${eventId}`);
    const fees = /<table[^>]*id="fees"[\s\S]*?<\/table>/.exec(page.text)[0];
    assert.match(rowsWith(fees, 'Non-members')[0], /80\.50 EUR[\s\S]*80\.50 EUR/);
    assert.match(rowsWith(page.text, 'bo@baltic.example')[0], new RegExp(TODAY));
  });

  test('the attendee list exports as CSV and XLSX', async () => {
    const csv = await manager.get(`/events/${eventId}/attendees.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.text, /status,organisation,person,e-mail,member,fee,paid on,feedback link/);
    assert.match(csv.text, /attended,Baltic Robotics,Bo Lind,bo@baltic\.example,no,80\.50,2026-03-31,http:\/\/[^,\r\n]+\/feedback\/[A-Za-z0-9_-]+/);
    assert.match(csv.text, /cancelled,Nordic Sensors AB,Anna Berg/);
    const xlsx = await manager.get(`/events/${eventId}/attendees.xlsx`);
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  });

  test('iCalendar files of one event and of all upcoming ones', async () => {
    const one = await manager.get(`/events/${eventId}.ics`);
    assert.equal(one.status, 200, one.text.slice(0, 300));
    assert.match(one.headers.get('content-type'), /^text\/calendar/);
    assert.match(one.text, /^BEGIN:VCALENDAR/);
    assert.match(one.text, /SUMMARY:Robotics day/);
    assert.match(one.text, /END:VCALENDAR\s*$/);
    const all = await manager.get('/events.ics');
    assert.equal(all.status, 200);
    assert.match(all.text, /SUMMARY:Robotics day/);
    assert.match(all.text, /SUMMARY:Members only dinner/);
  });
});

describe('the public event pages', () => {
  const anon = new PageClient('');

  before(() => {
    anon.base = srv.base;
  });

  test('the list and the event page of the cluster, without sign-in', async () => {
    const list = await assertTidy(anon, '/clusters/alpha-cluster/events');
    assert.match(list.text, /Robotics day/);
    assert.doesNotMatch(list.text, /Members only dinner/);
    const page = await assertTidy(anon, `/clusters/alpha-cluster/events/${eventId}`);
    assert.match(page.text, /id="registration-form"/);
    assert.ok(anon.cookies.get('cd_pre'), 'the form sets the pre-session cookie');
    const feed = await anon.get('/clusters/alpha-cluster/events.ics');
    assert.equal(feed.status, 200);
    assert.match(feed.text, /BEGIN:VCALENDAR/);
    assert.match(feed.text, /SUMMARY:Robotics day/);
    assert.doesNotMatch(feed.text, /Members only dinner/);
    const one = await anon.get(`/clusters/alpha-cluster/events/${eventId}.ics`);
    assert.equal(one.status, 200);
    assert.match(one.text, /SUMMARY:Robotics day/);
  });

  test('a private event, another cluster\'s address or an unknown event is a 404', async () => {
    await assertTidy(anon, `/clusters/alpha-cluster/events/${privateId}`, 404);
    assert.equal((await anon.get(`/clusters/alpha-cluster/events/${privateId}.ics`)).status, 404);
    assert.equal((await anon.get(`/clusters/beta-cluster/events/${eventId}`)).status, 404);
    assert.equal((await anon.get('/clusters/alpha-cluster/events/999999')).status, 404);
    assert.equal((await anon.get('/clusters/no-such-cluster/events')).status, 404);
    await anon.get(`/clusters/alpha-cluster/events/${eventId}`);
    const post = await anon.post(`/clusters/alpha-cluster/events/${privateId}`, {
      name: 'Sneaky Person', email: 'sneaky@example.org', organisation: 'Sneaky Oy',
    });
    assert.equal(post.status, 404);
    assert.deepEqual(await orgsNamed('Sneaky Oy'), []);
  });

  test('bad input is a 422 with the errors beside the fields and stores nothing', async () => {
    const before = registrationRows((await manager.get(`/events/${eventId}`)).text);
    await anon.get(`/clusters/alpha-cluster/events/${eventId}`);
    const cases = [
      [{ name: 'Pia Public', email: '', organisation: 'Newcomer Oy' }, 'email'],
      [{ name: 'Pia Public', email: 'not-an-address', organisation: 'Newcomer Oy' }, 'email'],
      [{ name: '', email: 'pia@newcomer.example', organisation: 'Newcomer Oy' }, 'name'],
      [{ name: 'Pia Public', email: 'pia@newcomer.example', organisation: '' }, 'organisation'],
    ];
    for (const [fields, field] of cases) {
      const res = await anon.post(`/clusters/alpha-cluster/events/${eventId}`,
                                  { ...fields, position: XSS });
      assert.equal(res.status, 422, `${field}: ${res.text.slice(0, 300)}`);
      assert.match(res.text, new RegExp(`id="${field}-error"`));
      assert.ok(!res.text.includes(XSS));
      assert.ok(res.text.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
      assert.equal(await tidy(res.text), '');
    }
    assert.deepEqual(await orgsNamed('Newcomer Oy'), []);
    const after = registrationRows((await manager.get(`/events/${eventId}`)).text);
    assert.equal(after, before);
  });

  test('a post without the form\'s token is refused', async () => {
    const other = new PageClient(srv.base);
    const res = await other.post(`/clusters/alpha-cluster/events/${eventId}`, {
      name: 'Forged', email: 'forged@example.org', organisation: 'Forged Oy',
    }, { csrf: false });
    assert.equal(res.status, 403);
    assert.deepEqual(await orgsNamed('Forged Oy'), []);
  });

  test('a good registration creates the organisation; the full event puts it on the waitlist', async () => {
    await anon.get(`/clusters/alpha-cluster/events/${eventId}`);
    const res = await anon.post(`/clusters/alpha-cluster/events/${eventId}`, {
      name: 'Pia Public', email: 'pia@newcomer.example', organisation: 'Newcomer Oy',
      position: 'CTO', consent: '1',
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location,
                 `/clusters/alpha-cluster/events/${eventId}/thanks?status=waitlisted`);
    const thanks = await assertTidy(anon, res.location);
    assert.match(thanks.text, /waitlist/);
    const created = await orgsNamed('Newcomer Oy');
    assert.equal(created.length, 1);
    const page = await manager.get(`/events/${eventId}`);
    const waitlist = /<table[^>]*id="waitlist"[\s\S]*?<\/table>/.exec(page.text);
    assert.ok(waitlist && /Pia Public/.test(waitlist[0]));
  });
});

describe('tenancy', () => {
  test('another cluster\'s user gets 404 for the event pages', async () => {
    for (const path of [`/events/${eventId}`, `/events/${eventId}/edit`,
                        `/events/${eventId}.ics`, `/events/${eventId}/attendees.csv`,
                        `/events/${eventId}/cancel`]) {
      const res = await betaManager.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /Robotics day/, path);
    }
    const list = await betaManager.get('/events');
    assert.doesNotMatch(list.text, /Robotics day/);
  });

  test('a registration for another cluster\'s event by guessed id fails and stores nothing', async () => {
    const before = await manager.get(`/events/${eventId}`);
    const res = await betaManager.post(`/events/${eventId}/registrations`,
                                       { organisation_id: orgs.beta, name: 'Intruder',
                                         email: 'intruder@beta.example' });
    assert.equal(res.status, 404);
    const regs = await manager.get(`/events/${eventId}`);
    assert.doesNotMatch(regs.text, /Intruder/);
    assert.equal(registrationRows(regs.text), registrationRows(before.text));
    const cancel = await betaManager.post(`/events/${eventId}/cancel`);
    assert.equal(cancel.status, 404);
    const bo = registrationId(regs.text, 'Bo Lind');
    const status = await betaManager.post(`/events/${eventId}/registrations/${bo}/status`,
                                          { status: 'no_show' });
    assert.equal(status.status, 404);
    // An organisation of another cluster cannot be registered either.
    const foreign = await manager.post(`/events/${eventId}/registrations`,
                                       { organisation_id: orgs.beta, name: 'Foreign',
                                         email: 'foreign@beta.example' });
    assert.equal(foreign.status, 422);
  });
});

describe('satisfaction links', () => {
  let pastId, link;
  const anon = new PageClient('');

  before(() => {
    anon.base = srv.base;
  });

  test('an attendee rates the event through the personal link', async () => {
    pastId = await createEvent({
      title: 'Spring seminar', starts_at: '2026-03-20T10:00', ends_at: '2026-03-20T12:00',
    });
    let res = await manager.post(`/events/${pastId}/registrations`,
                                 { organisation_id: orgs.carpathian, name: 'Cyril Dron',
                                   email: 'cyril@drones.example' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    let page = await manager.get(`/events/${pastId}`);
    const id = registrationId(page.text, 'Cyril Dron');
    res = await manager.post(`/events/${pastId}/registrations/${id}/status`, { status: 'attended' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    page = await manager.get(`/events/${pastId}`);
    const m = /<a class="feedback-link[^"]*" href="(http:\/\/[^"]+\/feedback\/[A-Za-z0-9_-]+)"/.exec(page.text);
    assert.ok(m, 'the attendee has a personal link');
    link = new URL(m[1]);
    assert.equal(link.host, new URL(srv.base).host);
    const form = await assertTidy(anon, link.pathname);
    assert.match(form.text, /Spring seminar/);
    assert.match(form.text, /id="rating-5"/);
    const bad = await anon.post(link.pathname, { rating: '7', comment: 'Great' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="rating-error"/);
    assert.match(bad.text, /Great/);
    assert.equal(await tidy(bad.text), '');
    res = await anon.post(link.pathname, { rating: '5', comment: `Very useful ${XSS}` });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    await assertTidy(anon, res.location);
    page = await assertTidy(manager, `/events/${pastId}`);
    assert.match(page.text, /id="mean">5\.00/);
    assert.match(page.text, /Very useful &lt;script&gt;/);
    assert.ok(!page.text.includes(XSS));
    // A second rating replaces the first.
    await anon.get(link.pathname);
    res = await anon.post(link.pathname, { rating: '3', comment: '' });
    assert.equal(res.status, 303);
    page = await manager.get(`/events/${pastId}`);
    assert.match(page.text, /id="responses">1</);
    assert.match(page.text, /id="mean">3\.00/);
  });

  test('an unknown token is a 404; a registration that did not attend gets a message', async () => {
    await assertTidy(anon, '/feedback/no-such-token', 404);
    assert.equal((await anon.get('/feedback/bad%20token')).status, 404);
    const page = await manager.get(`/events/${pastId}`);
    const id = registrationId(page.text, 'Cyril Dron');
    const res = await manager.post(`/events/${pastId}/registrations/${id}/status`,
                                   { status: 'registered' });
    assert.equal(res.status, 303);
    const shown = await assertTidy(anon, link.pathname);
    assert.match(shown.text, /id="not-attended"/);
    assert.doesNotMatch(shown.text, /id="feedback-form"/);
  });
});

describe('escaping and cancellation', () => {
  test('a <script> title is shown as text everywhere', async () => {
    const id = await createEvent({ title: `${XSS} Night`, starts_at: '2026-06-01T18:00',
                                   ends_at: '2026-06-01T22:00' });
    const anon = new PageClient(srv.base);
    for (const [client, path] of [[manager, `/events/${id}`], [manager, '/events'],
                                  [manager, `/events/${id}/edit`],
                                  [anon, '/clusters/alpha-cluster/events'],
                                  [anon, `/clusters/alpha-cluster/events/${id}`]]) {
      const res = await client.get(path);
      assert.equal(res.status, 200, path);
      assert.ok(!res.text.includes(XSS), `${path} shows the payload raw`);
      assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; Night'), path);
    }
  });

  test('an event is cancelled behind a confirmation and leaves the public pages', async () => {
    const id = await createEvent({ title: 'Cancelled fair', kind: 'trade_fair',
                                   starts_at: '2026-07-01T09:00', ends_at: '2026-07-03T18:00' });
    const confirm = await assertTidy(manager, `/events/${id}/cancel`);
    assert.match(confirm.text, /Cancel the event/);
    const res = await manager.post(`/events/${id}/cancel`);
    assert.equal(res.status, 303);
    const page = await assertTidy(manager, `/events/${id}?msg=event-cancelled`);
    assert.match(page.text, /id="cancelled"/);
    assert.equal((await new PageClient(srv.base).get(`/clusters/alpha-cluster/events/${id}`)).status,
                 404);
    const ics = await manager.get(`/events/${id}.ics`);
    assert.match(ics.text, /STATUS:CANCELLED/);
  });
});

describe('working groups', () => {
  let groupId, memberId;

  test('a group is created with errors shown first, listed and edited', async () => {
    await assertTidy(manager, '/working-groups/new');
    const bad = await manager.post('/working-groups/new', { name: '', topic: XSS });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="name-error"/);
    assert.ok(!bad.text.includes(XSS));
    assert.equal(await tidy(bad.text), '');
    const res = await manager.post('/working-groups/new', { name: 'Robotics WG',
                                                            topic: 'Industrial robots' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    groupId = /^\/working-groups\/(\d+)\?msg=created$/.exec(res.location)[1];
    const dup = await manager.post('/working-groups/new', { name: 'robotics wg' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /id="name-error"/);
    const list = await assertTidy(manager, '/working-groups');
    assert.match(list.text, /Robotics WG/);
    assert.match(list.text, /Industrial robots/);
    await assertTidy(manager, `/working-groups/${groupId}/edit`);
    const edit = await manager.post(`/working-groups/${groupId}/edit`,
                                    { name: 'Robotics WG', topic: 'Robots and drones' });
    assert.equal(edit.status, 303, edit.text.slice(0, 300));
    assert.equal((await betaManager.get(`/working-groups/${groupId}`)).status, 404);
  });

  test('members are added and removed; meetings count for participation', async () => {
    await assertTidy(manager, `/working-groups/${groupId}?org_q=nordic`);
    await assertTidy(manager, `/working-groups/${groupId}?org=${orgs.nordic}`);
    let res = await manager.post(`/working-groups/${groupId}/members`,
                                 { organisation_id: orgs.nordic, joined_on: '2026-01-01' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const again = await manager.post(`/working-groups/${groupId}/members`,
                                     { organisation_id: orgs.nordic, joined_on: '2026-01-01' });
    assert.equal(again.status, 409);
    const badDay = await manager.post(`/working-groups/${groupId}/members`,
                                      { organisation_id: orgs.baltic, joined_on: '2026-02-30' });
    assert.equal(badDay.status, 422);
    assert.match(badDay.text, /id="joined_on-error"/);
    const prefill = await assertTidy(manager,
                                     `/events/new?kind=working_group&working_group_id=${groupId}`);
    assert.match(prefill.text, /<option value="working_group" selected>/);
    assert.match(prefill.text, new RegExp(`<option value="${groupId}" selected>`));
    const meeting = await createEvent({ title: 'WG kick-off', kind: 'working_group',
                                        working_group_id: groupId,
                                        starts_at: '2026-03-10T14:00',
                                        ends_at: '2026-03-10T16:00' });
    res = await manager.post(`/events/${meeting}/registrations`,
                             { organisation_id: orgs.nordic, name: 'Anna Berg',
                               email: 'anna@nordic.example' });
    assert.equal(res.status, 303);
    const regs = await manager.get(`/events/${meeting}`);
    const reg = registrationId(regs.text, 'Anna Berg');
    res = await manager.post(`/events/${meeting}/registrations/${reg}/status`,
                             { status: 'attended' });
    assert.equal(res.status, 303);
    const page = await assertTidy(manager, `/working-groups/${groupId}`);
    assert.match(page.text, /WG kick-off/);
    assert.match(rowsWith(page.text, 'Nordic Sensors AB')[0], /1 of 1 meetings/);
    const org = await assertTidy(manager, `/organisations/${orgs.nordic}`);
    assert.match(org.text, /id="org-groups"/);
    assert.match(rowsWith(org.text, 'Robotics WG')[0], /1 of 1 meetings/);
    memberId = /\/members\/(\d+)\/remove/.exec(page.text)[1];
    await assertTidy(manager, `/working-groups/${groupId}/members/${memberId}/remove`);
    res = await manager.post(`/working-groups/${groupId}/members/${memberId}/remove`);
    assert.equal(res.status, 303);
    const after = await manager.get(`/working-groups/${groupId}`);
    assert.match(after.text, /No members yet/);
  });
});
