// The events API on a real server: working groups and their members,
// events (create, list upcoming and past, change), registrations with a
// capacity of 1 (the second is waitlisted and moves up when the first is
// cancelled), entry fees in minor units paid or not, check-in writing an
// activity that turns a cold lead warm, bad input with the field named,
// the board role, and tenancy: a registration for another cluster's
// event by guessed id is refused with nothing stored.
//
// Settings are the defaults: EUR; attendance is an interest signal.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, apiClient, expectAnswer, startServer } from './lib.mjs';

const ORGS = `${API}/organisations`;
const EVENTS = `${API}/events`;
const REGISTRATIONS = `${API}/registrations`;
const GROUPS = `${API}/working-groups`;
const LEADS = `${API}/leads`;

const TODAY = '2027-04-10';

let srv;
let api; // Alpha's manager
let board; // Alpha's board member
let beta; // Beta's manager

const O = {}; // organisations by key
const E = {}; // events by key
const R = {}; // registrations by key
const G = {}; // working groups by key

async function created(res) {
  expectAnswer(res, 201);
  const id = res.json.data.id;
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

async function registrationsOf(client, eventId) {
  const res = await client.get(`${EVENTS}/${eventId}/registrations`);
  expectAnswer(res, 200);
  return res.json.data;
}

before(async () => {
  srv = await startServer({ today: TODAY });
  api = apiClient(srv.base, srv.tokens.alpha.manager);
  board = apiClient(srv.base, srv.tokens.alpha.board);
  beta = apiClient(srv.base, srv.tokens.beta.manager);
  O.first = await org(api, 'First Photonics');
  O.second = await org(api, 'Second Sensors');
  O.guest = await org(api, 'Guest Optics');
  O.beta = await org(beta, 'Beta Lasers');
});

after(async () => {
  await srv?.stop();
});

describe('working groups', () => {
  test('create, get, change, list', async () => {
    const g = await created(await api.post(GROUPS, { name: 'Laser safety',
                                                     topic: 'Standards' }));
    assert.equal(g.name, 'Laser safety');
    assert.equal(g.coordinator_contact_id, null);
    assert.equal(g.archived, false);
    G.laser = g.id;
    expectAnswer(await api.get(`${GROUPS}/${G.laser}`), 200,
                 { data: { id: G.laser, topic: 'Standards', members: 0 } });
    expectAnswer(await api.patch(`${GROUPS}/${G.laser}`, { topic: 'EN 60825' }), 200,
                 { data: { topic: 'EN 60825', name: 'Laser safety' } });
    const list = await api.get(GROUPS);
    expectAnswer(list, 200, { total: 1, page: 1 });
    expectInvalid(await api.post(GROUPS, { topic: 'no name' }), 'name');
    expectInvalid(await api.post(GROUPS, { name: 'X', colour: 'red' }), 'colour');
    expectAnswer(await api.post(GROUPS, { name: 'laser SAFETY' }), 409,
                 { error: { code: 'conflict', field: 'name' } });
  });

  test('members: add, list with participation, get, remove', async () => {
    const res = await api.post(`${GROUPS}/${G.laser}/members`,
                               { organisation_id: O.first });
    const m = await created(res);
    assert.match(res.headers.get('location'),
                 new RegExp(`/working-groups/${G.laser}/members/${m.id}$`));
    assert.equal(m.organisation_id, O.first);
    assert.equal(m.joined_on, TODAY);
    assert.ok(Number.isInteger(m.meetings_attended));
    let list = await api.get(`${GROUPS}/${G.laser}/members`);
    expectAnswer(list, 200, { total: 1, data: [{ id: m.id, organisation_id: O.first }] });
    expectAnswer(await api.get(`${GROUPS}/${G.laser}/members/${m.id}`), 200,
                 { data: { id: m.id } });
    expectAnswer(await api.post(`${GROUPS}/${G.laser}/members`,
                                { organisation_id: O.first }), 409);
    expectInvalid(await api.post(`${GROUPS}/${G.laser}/members`,
                                 { organisation_id: O.beta }), 'organisation_id');
    expectInvalid(await api.post(`${GROUPS}/${G.laser}/members`, {}), 'organisation_id');
    // Beta can neither see nor remove it.
    expectAnswer(await beta.get(`${GROUPS}/${G.laser}/members`), 404);
    expectAnswer(await beta.send('DELETE', `${GROUPS}/${G.laser}/members/${m.id}`), 404);
    expectAnswer(await board.send('DELETE', `${GROUPS}/${G.laser}/members/${m.id}`), 403);
    const del = await api.send('DELETE', `${GROUPS}/${G.laser}/members/${m.id}`);
    assert.equal(del.status, 204);
    list = await api.get(`${GROUPS}/${G.laser}/members`);
    expectAnswer(list, 200, { total: 0 });
    expectAnswer(await api.send('DELETE', `${GROUPS}/${G.laser}/members/${m.id}`), 404);
  });
});

describe('events', () => {
  test('create: 201 with fees and satisfaction, money in minor units', async () => {
    const e = await created(await api.post(EVENTS, {
      title: 'Photonics seminar', kind: 'seminar',
      starts_at: '2027-05-12T09:30', ends_at: '2027-05-12T12:00',
      place: 'Lund', capacity: 1, member_fee: 5000, nonmember_fee: 12000,
    }));
    assert.equal(e.kind, 'seminar');
    assert.equal(e.capacity, 1);
    assert.equal(e.places_left, 1);
    assert.equal(e.member_fee, 5000);
    assert.equal(e.nonmember_fee, 12000);
    assert.equal(e.currency, 'EUR');
    assert.equal(e.public, true);
    assert.deepEqual(e.fees, { member_due: 0, member_paid: 0, nonmember_due: 0,
                               nonmember_paid: 0, due: 0, paid: 0, member_count: 0,
                               nonmember_count: 0 });
    assert.deepEqual(e.satisfaction, { responses: 0, mean: null, share_4_5: null,
                                       by_rating: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    E.seminar = e.id;
  });

  test('a group meeting and an event of today', async () => {
    const m = await created(await api.post(EVENTS, {
      title: 'Laser safety meeting', kind: 'working_group',
      starts_at: '2027-03-01T14:00', working_group_id: G.laser,
    }));
    assert.equal(m.ends_at, '2027-03-01T14:00');
    assert.equal(m.working_group_id, G.laser);
    assert.equal(m.working_group_name, 'Laser safety');
    E.meeting = m.id;
    const d = await created(await api.post(EVENTS, {
      title: 'Cluster day', kind: 'Cluster day',
      starts_at: `${TODAY} 09:00`, ends_at: `${TODAY}T17:00`,
    }));
    assert.equal(d.kind, 'cluster_day');
    assert.equal(d.starts_at, `${TODAY}T09:00`);
    assert.equal(d.places_left, null);
    E.today = d.id;
  });

  test('list: upcoming, past, by kind and group; 422 for bad filters', async () => {
    let res = await api.get(EVENTS);
    expectAnswer(res, 200, { total: 2 });
    assert.deepEqual(res.json.data.map((e) => e.id), [E.today, E.seminar]);
    res = await api.get(`${EVENTS}?when=past`);
    expectAnswer(res, 200, { total: 1, data: [{ id: E.meeting }] });
    res = await api.get(`${EVENTS}?when=all&kind=seminar`);
    expectAnswer(res, 200, { total: 1, data: [{ id: E.seminar }] });
    res = await api.get(`${EVENTS}?when=all&working_group_id=${G.laser}`);
    expectAnswer(res, 200, { total: 1, data: [{ id: E.meeting }] });
    res = await api.get(`${EVENTS}?when=all&q=photonics`);
    expectAnswer(res, 200, { total: 1 });
    expectInvalid(await api.get(`${EVENTS}?when=soon`), 'when');
    expectInvalid(await api.get(`${EVENTS}?kind=party`), 'kind');
    expectInvalid(await api.get(`${EVENTS}?working_group_id=x`), 'working_group_id');
  });

  test('bad events: 422 naming the field, nothing stored', async () => {
    const base = { title: 'T', kind: 'seminar', starts_at: '2027-06-01T10:00' };
    expectInvalid(await api.post(EVENTS, { ...base, kind: 'party' }), 'kind');
    expectInvalid(await api.post(EVENTS, { ...base, starts_at: '2027-06-01' }),
                  'starts_at');
    expectInvalid(await api.post(EVENTS, { ...base, ends_at: '2027-05-31T10:00' }),
                  'ends_at');
    expectInvalid(await api.post(EVENTS, { ...base, capacity: -1 }), 'capacity');
    expectInvalid(await api.post(EVENTS, { ...base, member_fee: 1.5 }), 'member_fee');
    expectInvalid(await api.post(EVENTS, { ...base, title: '' }), 'title');
    expectInvalid(await api.post(EVENTS, { ...base, venue: 'x' }), 'venue');
    expectInvalid(await api.post(EVENTS, { kind: 'seminar', starts_at: '2027-06-01T10:00' }),
                  'title');
    expectAnswer(await api.get(`${EVENTS}?when=all`), 200, { total: 3 });
  });

  test('PATCH changes the members sent', async () => {
    expectAnswer(await api.patch(`${EVENTS}/${E.seminar}`, { place: 'Lund, Ideon' }), 200,
                 { data: { place: 'Lund, Ideon', capacity: 1, title: 'Photonics seminar' } });
    expectInvalid(await api.patch(`${EVENTS}/${E.seminar}`, { kind: 'party' }), 'kind');
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}`), 200,
                 { data: { kind: 'seminar' } });
  });
});

describe('registrations', () => {
  test('capacity 1: the first registered, the second waitlisted', async () => {
    const a = await created(await api.post(REGISTRATIONS, {
      event_id: E.seminar, organisation_id: O.first, name: 'Anna Berg',
      email: 'anna@first.test',
    }));
    assert.equal(a.status, 'registered');
    assert.equal(a.event_id, E.seminar);
    assert.equal(a.member, false);
    assert.equal(a.fee, 12000);
    assert.equal(a.currency, 'EUR');
    assert.equal(a.paid_on, null);
    assert.equal(a.source, 'staff');
    assert.equal('token' in a, false);
    R.a = a.id;
    const b = await created(await api.post(REGISTRATIONS, {
      event_id: E.seminar, organisation_id: O.second, name: 'Bo Lind',
      email: 'bo@second.test',
    }));
    assert.equal(b.status, 'waitlisted');
    R.b = b.id;
    const regs = await registrationsOf(api, E.seminar);
    assert.equal(regs.length, 2);
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}`), 200,
                 { data: { registered: 1, waitlisted: 1, places_left: 0 } });
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}/registrations?status=waitlisted`),
                 200, { total: 1, data: [{ id: R.b }] });
  });

  test('the same person twice is a conflict', async () => {
    expectAnswer(await api.post(REGISTRATIONS, {
      event_id: E.seminar, organisation_id: O.first, name: 'Anna Berg',
      email: 'anna@first.test',
    }), 409, { error: { code: 'conflict' } });
  });

  test('cancelling the first moves the waitlist up', async () => {
    expectAnswer(await api.patch(`${REGISTRATIONS}/${R.a}`, { status: 'cancelled' }), 200,
                 { data: { id: R.a, status: 'cancelled' } });
    expectAnswer(await api.get(`${REGISTRATIONS}/${R.b}`), 200,
                 { data: { status: 'registered' } });
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}`), 200,
                 { data: { registered: 1, waitlisted: 0 } });
  });

  test('fees: due and paid, per event', async () => {
    expectAnswer(await api.patch(`${REGISTRATIONS}/${R.b}`, { paid_on: TODAY }), 200,
                 { data: { paid_on: TODAY } });
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}`), 200, {
      data: { fees: { nonmember_due: 12000, nonmember_paid: 12000, member_due: 0,
                      due: 12000, paid: 12000, nonmember_count: 1 } },
    });
    expectAnswer(await api.patch(`${REGISTRATIONS}/${R.b}`, { paid_on: null }), 200,
                 { data: { paid_on: null } });
    expectAnswer(await api.get(`${EVENTS}/${E.seminar}`), 200,
                 { data: { fees: { paid: 0, due: 12000 } } });
  });

  test('bad changes: 422 or 409 naming the field', async () => {
    expectInvalid(await api.patch(`${REGISTRATIONS}/${R.b}`, { status: 'gone' }), 'status');
    expectInvalid(await api.patch(`${REGISTRATIONS}/${R.b}`, { paid_on: 'today' }),
                  'paid_on');
    expectInvalid(await api.patch(`${REGISTRATIONS}/${R.b}`, {}), 'status');
    expectAnswer(await api.patch(`${REGISTRATIONS}/${R.b}`, { status: 'waitlisted' }),
                 409, { error: { code: 'conflict', field: 'status' } });
    expectInvalid(await api.post(REGISTRATIONS, { organisation_id: O.guest }), 'event_id');
    expectInvalid(await api.post(REGISTRATIONS, { event_id: E.seminar,
                                                  organisation_id: O.guest,
                                                  name: 'G', hat: 1 }), 'hat');
    expectAnswer(await api.get(`${REGISTRATIONS}/${R.b}`), 200,
                 { data: { status: 'registered' } });
  });

  test('check-in writes an attendance activity: the cold lead turns warm', async () => {
    expectAnswer(await api.get(`${LEADS}/${O.guest}`), 200, { data: { stage: 'cold' } });
    const g = await created(await api.post(REGISTRATIONS, {
      event_id: E.today, organisation_id: O.guest, name: 'Gus Holm',
    }));
    assert.equal(g.status, 'registered');
    R.guest = g.id;
    expectAnswer(await api.patch(`${REGISTRATIONS}/${R.guest}`, { status: 'attended' }),
                 200, { data: { status: 'attended' } });
    const acts = await api.get(`${API}/activities?organisation_id=${O.guest}`);
    expectAnswer(acts, 200);
    const kinds = acts.json.data.map((a) => a.kind).sort();
    assert.deepEqual(kinds, ['event_attendance', 'event_registration']);
    const att = acts.json.data.find((a) => a.kind === 'event_attendance');
    assert.equal(att.registration_id, R.guest);
    assert.equal(att.signal, true);
    expectAnswer(await api.get(`${LEADS}/${O.guest}`), 200, { data: { stage: 'warm' } });
    // The entry follows its registration: not changed or deleted alone.
    expectAnswer(await api.send('DELETE', `${API}/activities/${att.id}`), 409);
    expectAnswer(await api.get(`${EVENTS}/${E.today}`), 200, { data: { attended: 1 } });
  });
});

describe('roles and tenancy', () => {
  test('the board role reads but may not write', async () => {
    expectAnswer(await board.get(`${EVENTS}/${E.seminar}`), 200);
    expectAnswer(await board.get(`${REGISTRATIONS}/${R.b}`), 200);
    expectAnswer(await board.post(EVENTS, { title: 'X', kind: 'vip',
                                            starts_at: '2027-06-01T10:00' }), 403,
                 { error: { code: 'forbidden' } });
    expectAnswer(await board.patch(`${EVENTS}/${E.seminar}`, { title: 'X' }), 403);
    expectAnswer(await board.post(REGISTRATIONS, { event_id: E.seminar,
                                                   organisation_id: O.guest,
                                                   name: 'X' }), 403);
    expectAnswer(await board.patch(`${REGISTRATIONS}/${R.b}`, { status: 'cancelled' }), 403);
    expectAnswer(await board.post(GROUPS, { name: 'Board group' }), 403);
    expectAnswer(await board.patch(`${GROUPS}/${G.laser}`, { topic: 'x' }), 403);
    expectAnswer(await api.get(`${REGISTRATIONS}/${R.b}`), 200,
                 { data: { status: 'registered' } });
    expectAnswer(await api.get(`${EVENTS}?when=all`), 200, { total: 3 });
  });

  test("Beta gets 404 for Alpha's event, registration and group", async () => {
    expectAnswer(await beta.get(`${EVENTS}/${E.seminar}`), 404,
                 { error: { code: 'not_found' } });
    expectAnswer(await beta.get(`${EVENTS}/${E.seminar}/registrations`), 404);
    expectAnswer(await beta.patch(`${EVENTS}/${E.seminar}`, { title: 'x' }), 404);
    expectAnswer(await beta.get(`${REGISTRATIONS}/${R.b}`), 404);
    expectAnswer(await beta.patch(`${REGISTRATIONS}/${R.b}`, { status: 'cancelled' }), 404);
    expectAnswer(await beta.get(`${GROUPS}/${G.laser}`), 404);
    expectAnswer(await beta.patch(`${GROUPS}/${G.laser}`, { topic: 'x' }), 404);
    expectAnswer(await beta.get(`${EVENTS}?when=all`), 200, { total: 0 });
    expectAnswer(await beta.get(GROUPS), 200, { total: 0 });
    expectAnswer(await api.get(`${REGISTRATIONS}/${R.b}`), 200,
                 { data: { status: 'registered' } });
  });

  test("a registration for Alpha's event by guessed id: 422 on event_id, nothing stored", async () => {
    const before = (await registrationsOf(api, E.seminar)).length;
    expectInvalid(await beta.post(REGISTRATIONS, { event_id: E.seminar,
                                                   organisation_id: O.beta,
                                                   name: 'Intruder' }), 'event_id');
    expectAnswer(await beta.post(REGISTRATIONS, { event_id: E.seminar,
                                                  organisation_id: O.first,
                                                  name: 'Intruder' }), 422,
                 { error: { code: 'invalid' } });
    assert.equal((await registrationsOf(api, E.seminar)).length, before);
    const acts = await beta.get(`${API}/activities`);
    expectAnswer(acts, 200, { total: 0 });
  });
});
