// The funnel pages through a real server and a cookie jar: the lead
// block and the timeline of an organisation's page (a reply logged
// through the form warms the lead, there and on /funnel), the activity
// form's errors beside their fields with the input kept, editing and
// deleting an entry, "Log activity" from a contact, the lead form, the
// leads list with its filters and export, the funnel settings, the
// monthly report with its SVG charts and CSV; roles (the board reads
// only) and tenancy (another cluster's records are a 404 and stay as
// they were). Every page is checked with tidy and shows a <script> in
// an activity's text as text.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { signIn, startServer } from './lib.mjs';

const TODAY = '2026-03-31';
const XSS = '<script>alert(1)</script>';
let srv, admin, manager, board, betaManager;

before(async () => {
  srv = await startServer({ today: TODAY });
  admin = await signIn(srv.base, srv.users.alpha.admin);
  manager = await signIn(srv.base, srv.users.alpha.manager);
  board = await signIn(srv.base, srv.users.alpha.board);
  betaManager = await signIn(srv.base, srv.users.beta.manager);
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

/* The inner text of the element with this id (up to its closing tag). */
function byId(html, id, tag = 'span') {
  const m = new RegExp(`<${tag}[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  return m ? m[1] : null;
}

/* Text without tags, blanks collapsed. */
function plain(html) {
  return (html ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

/* The figure of a card of the funnel board ("1 234" as written). */
function figure(html, id) {
  const m = new RegExp(`id="${id}"[\\s\\S]*?class="card-figure[^"]*"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1].replace(/\s/g, '') : null;
}

/* The timeline's rows of an organisation's page: [{id, text}]. */
function timeline(html) {
  const table = byId(html, 'activities', 'table') ?? '';
  return [...table.matchAll(/<tr id="activity-(\d+)">([\s\S]*?)<\/tr>/g)]
    .map((m) => ({ id: m[1], html: m[2], text: plain(m[2]) }));
}

/* Creates an organisation (and a contact) through the forms, in the base
 * since 2026-01-10 (the lead form), so that it counts for TODAY. */
async function newLead(name, { contact = 'Olena Kovalenko', source = '' } = {}) {
  const created = await manager.post('/organisations/new', { name, kind: 'sme' });
  assert.equal(created.status, 303, created.text.slice(0, 400));
  const id = /\/organisations\/(\d+)/.exec(created.location)[1];
  let contactId = null;
  if (contact) {
    const c = await manager.post(`/organisations/${id}/contacts/new`,
                                 { name: contact, email: '', phone: '', position: '' });
    assert.equal(c.status, 303, c.text.slice(0, 400));
    const page = await manager.get(`/organisations/${id}`);
    contactId = /\/contacts\/(\d+)\/activities\/new/.exec(page.text)[1];
  }
  const lead = await manager.post(`/organisations/${id}/lead`,
                                  { source, owner_id: '', since: '2026-01-10',
                                    dnc_on: '', dnc_reason: '' });
  assert.equal(lead.status, 303, lead.text.slice(0, 400));
  return { id, contactId };
}

async function logActivity(client, orgId, fields) {
  return client.post(`/organisations/${orgId}/activities`,
                     { kind: 'email_out', date: TODAY, contact_id: '', text: '', ...fields });
}

describe('the timeline and the lead block', () => {
  let org;
  before(async () => {
    org = await newLead('Dnipro Robotics');
  });

  test('a reply logged through the form warms the lead on its page and on /funnel', async () => {
    let page = await manager.get(`/organisations/${org.id}`);
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Cold');
    assert.match(page.text, /id="log-activity"/);

    const res = await logActivity(manager, org.id, {
      kind: 'email_reply', date: '2026-03-20', contact_id: org.contactId,
      text: `Wants the robotics seminar ${XSS}\nsecond line`,
    });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    assert.equal(res.location, `/organisations/${org.id}?msg=activity-logged#timeline`);

    page = await manager.get(res.location.replace(/#.*/, ''));
    assert.match(page.text, /The activity was logged\./);
    // 2026-03-20 + 90 days = 2026-06-18: 79 days after 2026-03-31.
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')),
                 'Warm warm until 2026-06-18 (79 days left)');
    const rows = timeline(page.text);
    assert.equal(rows.length, 1);
    assert.match(rows[0].text, /^2026-03-20 E-mail reply received signal Olena Kovalenko/);
    assert.match(rows[0].text, /manager@alpha\.test|Manager/i);
    assert.ok(!page.text.includes(XSS), 'the payload is escaped');
    assert.ok(rows[0].html.includes('&lt;script&gt;alert(1)&lt;/script&gt;<br>second line'));

    const funnel = await manager.get('/funnel');
    assert.equal(funnel.status, 200);
    assert.equal(figure(funnel.text, 'stage-warm'), '1');
    const warm = byId(funnel.text, 'warm', 'table');
    assert.match(plain(warm), /Dnipro Robotics 2026-06-18 79 days left/);
    assert.ok(warm.includes(`href="/organisations/${org.id}"`));
  });
});

describe('the activity form', () => {
  let org;
  before(async () => {
    org = await newLead('Kharkiv Sensors', { contact: 'Taras Melnyk' });
  });

  test('a bad date keeps the input, shows the error beside the field and stores nothing', async () => {
    for (const date of ['2026-13-45', '31.03.2026', '2026-04-01']) {
      const res = await logActivity(manager, org.id, {
        kind: 'call', date, contact_id: org.contactId, text: `Called about ${XSS}`,
      });
      assert.equal(res.status, 422, `${date}: ${res.text.slice(0, 300)}`);
      assert.match(res.text, /id="date-error"/, date);
      assert.match(res.text, new RegExp(`id="date" name="date" aria-invalid="true"[^>]*value="${date}"`));
      assert.match(res.text, /<option value="call" selected>/);
      assert.match(res.text, new RegExp(`<option value="${org.contactId}" selected>Taras Melnyk`));
      assert.ok(res.text.includes('Called about &lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(!res.text.includes(XSS));
      assert.equal(await tidy(res.text), '', 'the form with errors is clean HTML');
    }
    const bad = await logActivity(manager, org.id, { kind: 'telepathy', date: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="kind-error"/);
    assert.match(bad.text, /id="date-error"/);
    const page = await manager.get(`/organisations/${org.id}`);
    assert.equal(timeline(page.text).length, 0, 'nothing was stored');
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Cold');
  });

  test('another organisation\'s contact is refused beside the contact field', async () => {
    const other = await newLead('Other Contact Org', { contact: 'Someone Else' });
    const res = await logActivity(manager, org.id, { kind: 'call', contact_id: other.contactId });
    assert.equal(res.status, 422, res.text.slice(0, 300));
    assert.match(res.text, /id="contact_id-error"/);
    const page = await manager.get(`/organisations/${org.id}`);
    assert.equal(timeline(page.text).length, 0);
  });

  test('"Log activity" on a contact row opens the form with the contact chosen', async () => {
    const page = await manager.get(`/organisations/${org.id}`);
    assert.ok(page.text.includes(`href="/contacts/${org.contactId}/activities/new"`));
    const form = await assertTidy(manager, `/contacts/${org.contactId}/activities/new`);
    assert.match(form.text, new RegExp(`<option value="${org.contactId}" selected>Taras Melnyk`));
    assert.match(form.text, new RegExp(`id="date" name="date" value="${TODAY}"`));
    const res = await manager.post(`/contacts/${org.contactId}/activities/new`, {
      kind: 'meeting', date: '2026-03-30', contact_id: org.contactId, text: 'Met at the fair',
    });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.location, `/organisations/${org.id}?msg=activity-logged#timeline`);
    const shown = await manager.get(`/organisations/${org.id}?msg=activity-logged`);
    assert.match(shown.text, /The activity was logged\./);
    const rows = timeline(shown.text);
    assert.equal(rows.length, 1);
    assert.match(rows[0].text, /^2026-03-30 Meeting signal Taras Melnyk .* Met at the fair/);
  });

  test('an entry is edited and deleted behind a confirmation page; the lead cools again', async () => {
    let page = await manager.get(`/organisations/${org.id}`);
    const [row] = timeline(page.text);
    assert.match(plain(byId(page.text, 'lead-stage', 'div')), /^Warm warm until 2026-06-28/);
    const edit = await assertTidy(manager, `/activities/${row.id}/edit`);
    assert.match(edit.text, /<option value="meeting" selected>/);
    const wrong = await manager.post(`/activities/${row.id}/edit`, {
      kind: 'meeting', date: '2026-02-30', contact_id: org.contactId, text: 'Changed',
    });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /id="date-error"/);
    assert.match(wrong.text, /value="2026-02-30"/);
    const saved = await manager.post(`/activities/${row.id}/edit`, {
      kind: 'note', date: '2026-03-29', contact_id: '', text: `Note ${XSS}`,
    });
    assert.equal(saved.status, 303, saved.text.slice(0, 300));
    assert.equal(saved.location, `/organisations/${org.id}?msg=activity-saved#timeline`);
    page = await manager.get(`/organisations/${org.id}`);
    assert.match(timeline(page.text)[0].text, /^2026-03-29 Note manager/i);
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Cold', 'a note is no signal');

    const confirm = await assertTidy(manager, `/activities/${row.id}/delete`);
    assert.ok(confirm.text.includes('Note &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!confirm.text.includes(XSS));
    const gone = await manager.post(`/activities/${row.id}/delete`);
    assert.equal(gone.status, 303);
    assert.equal(gone.location, `/organisations/${org.id}?msg=activity-deleted#timeline`);
    page = await manager.get(`/organisations/${org.id}?msg=activity-deleted`);
    assert.match(page.text, /The activity was deleted\./);
    assert.equal(timeline(page.text).length, 0);
    assert.equal((await manager.get(`/activities/${row.id}/edit`)).status, 404);
  });
});

describe('roles and tenancy', () => {
  let org, activityId;
  before(async () => {
    org = await newLead('Lviv Photonics', { contact: 'Iryna Bondar' });
    const res = await logActivity(manager, org.id, { kind: 'call', text: 'First call' });
    assert.equal(res.status, 303);
    activityId = timeline((await manager.get(`/organisations/${org.id}`)).text)[0].id;
  });

  test('a board user reads the timeline but cannot post or edit', async () => {
    const page = await board.get(`/organisations/${org.id}`);
    assert.equal(page.status, 200);
    assert.equal(timeline(page.text).length, 1);
    assert.doesNotMatch(page.text, /id="log-activity"/);
    assert.doesNotMatch(page.text, /\/activities\/\d+\/edit/);
    assert.doesNotMatch(page.text, /\/organisations\/\d+\/lead"/);
    const res = await logActivity(board, org.id, { kind: 'call', text: 'Board call' });
    assert.equal(res.status, 403);
    assert.equal((await board.post(`/activities/${activityId}/delete`)).status, 403);
    assert.equal((await board.get(`/activities/${activityId}/edit`)).status, 403);
    assert.equal((await board.post(`/organisations/${org.id}/lead`, { source: 'x' })).status, 403);
    assert.equal(timeline((await manager.get(`/organisations/${org.id}`)).text).length, 1);
  });

  test('Beta gets 404 for Alpha\'s forms and cannot delete Alpha\'s activity by its id', async () => {
    const post = await logActivity(betaManager, org.id, { kind: 'email_reply', text: 'Beta was here' });
    assert.equal(post.status, 404);
    for (const path of [`/contacts/${org.contactId}/activities/new`,
                        `/activities/${activityId}/edit`, `/activities/${activityId}/delete`,
                        `/organisations/${org.id}/lead`]) {
      const res = await betaManager.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /Lviv Photonics|First call/, path);
    }
    assert.equal((await betaManager.post(`/activities/${activityId}/delete`)).status, 404);
    assert.equal((await betaManager.post(`/activities/${activityId}/edit`,
                                         { kind: 'note', date: TODAY, text: 'x' })).status, 404);
    assert.equal((await betaManager.post(`/contacts/${org.contactId}/activities/new`,
                                         { kind: 'note', date: TODAY, text: 'x' })).status, 404);
    assert.equal((await betaManager.post(`/organisations/${org.id}/lead`,
                                         { source: 'Beta', since: TODAY })).status, 404);
    const page = await manager.get(`/organisations/${org.id}`);
    const rows = timeline(page.text);
    assert.equal(rows.length, 1);
    assert.match(rows[0].text, /First call/);
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Cold');
    const beta = await betaManager.get('/leads');
    assert.doesNotMatch(beta.text, /Lviv Photonics/);
  });
});

describe('leads, the board, settings and the report', () => {
  const orgs = {};
  before(async () => {
    orgs.warm = await newLead('Odesa Drones', { source: 'Trade fair' });
    orgs.cold = await newLead('Poltava Foods', { source: 'Referral' });
    orgs.dnc = await newLead('Sumy Steel', { source: 'Trade fair' });
    let res = await logActivity(manager, orgs.warm.id, {
      kind: 'enquiry', date: '2026-01-05', contact_id: orgs.warm.contactId, text: 'Asked about fees',
    });
    assert.equal(res.status, 303);
    // Cooling this week: warm through 2026-04-05 (today + 5).
    res = await logActivity(manager, orgs.warm.id, { kind: 'email_out', date: '2026-03-02' });
    assert.equal(res.status, 303);
    res = await logActivity(manager, orgs.cold.id, { kind: 'call', date: '2026-03-10', text: 'No answer' });
    assert.equal(res.status, 303);
  });

  test('the lead form: errors beside the fields, the input kept; do not contact', async () => {
    const form = await assertTidy(manager, `/organisations/${orgs.dnc.id}/lead`);
    assert.match(form.text, /<datalist id="lead-sources"><option value="Referral"><\/option><option value="Trade fair">/);
    assert.match(form.text, /<option value="" selected>No owner<\/option>/);
    const bad = await manager.post(`/organisations/${orgs.dnc.id}/lead`, {
      source: `Fair ${XSS}`, owner_id: 'nobody', since: '2026-04-02', dnc: '1',
      dnc_on: '2026-02-31', dnc_reason: 'Unsubscribed',
    });
    assert.equal(bad.status, 422);
    for (const field of ['owner_id', 'since', 'dnc_on'])
      assert.match(bad.text, new RegExp(`id="${field}-error"`), field);
    assert.match(bad.text, /value="2026-04-02"/);
    assert.match(bad.text, /value="Fair &lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    assert.match(bad.text, />Unsubscribed<\/textarea>/);
    assert.equal(await tidy(bad.text), '');
    let page = await manager.get(`/organisations/${orgs.dnc.id}`);
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Cold', 'nothing was saved');

    const ownerId = /<option value="(\d+)">manager@alpha\.test<\/option>/.exec(form.text)[1];
    const ok = await manager.post(`/organisations/${orgs.dnc.id}/lead`, {
      source: 'Trade fair', owner_id: ownerId, since: '2026-01-10', dnc: '1',
      dnc_on: '2026-03-15', dnc_reason: 'Asked by phone not to be called',
    });
    assert.equal(ok.status, 303, ok.text.slice(0, 300));
    assert.equal(ok.location, `/organisations/${orgs.dnc.id}?msg=lead-saved#lead`);
    page = await manager.get(`/organisations/${orgs.dnc.id}?msg=lead-saved`);
    assert.match(page.text, /The lead was saved\./);
    assert.equal(plain(byId(page.text, 'lead-stage', 'div')), 'Do not contact');
    assert.equal(plain(byId(page.text, 'do-not-contact', 'dd')),
                 'since 2026-03-15: Asked by phone not to be called');
  });

  test('the leads list by stage, filtered, sorted and exported', async () => {
    const names = (html) => [...(byId(html, 'leads', 'table') ?? '')
      .matchAll(/<a href="\/organisations\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
    const warm = await assertTidy(manager, `/leads?stage=warm&source=${encodeURIComponent('Trade fair')}`);
    assert.deepEqual(names(warm.text), ['Odesa Drones']);
    assert.match(plain(byId(warm.text, 'leads', 'table')), /2026-04-05 \(5 days left\)/);
    const dnc = await manager.get('/leads?stage=do_not_contact');
    assert.deepEqual(names(dnc.text), ['Sumy Steel']);
    const fair = await manager.get(`/leads?source=${encodeURIComponent('Trade fair')}&sort=-name`);
    assert.deepEqual(names(fair.text), ['Sumy Steel', 'Odesa Drones']);
    const cold = await manager.get('/leads?stage=cold&q=poltava');
    assert.deepEqual(names(cold.text), ['Poltava Foods']);
    const noOwner = await manager.get('/leads?owner=none&q=sumy');
    assert.deepEqual(names(noOwner.text), []);
    const kind = await manager.get('/leads?kind=university');
    assert.deepEqual(names(kind.text), []);
    const bad = await manager.get('/leads?stage=lukewarm');
    assert.equal(bad.status, 422);
    assert.equal((await manager.get('/leads?sort=colour')).status, 422);

    const csv = await manager.get(`/leads/export?source=${encodeURIComponent('Trade fair')}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0], /^name,kind,city,stage,warm until/);
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => /^Odesa Drones,sme,,warm,2026-04-05,2026-01-05,2026-03-02,Trade fair,/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Sumy Steel,sme,,do_not_contact,.*2026-03-15,Asked by phone/.test(l)), lines.join('\n'));
    const xlsx = await manager.get('/leads/export?stage=warm&format=xlsx');
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  });

  test('the funnel board: stages, warm leads with days left, cooling this week', async () => {
    const res = await assertTidy(board, '/funnel');
    assert.equal(figure(res.text, 'stage-do-not-contact'), '1');
    assert.match(plain(byId(res.text, 'warm', 'table')), /Odesa Drones 2026-04-05 5 days left .*Dnipro Robotics 2026-06-18 79 days left/);
    assert.ok(Number(figure(res.text, 'stage-warm')) >= 1);
    assert.ok(res.text.includes('href="/leads?stage=cold"'));
    assert.match(plain(byId(res.text, 'cooling', 'table')), /Odesa Drones 2026-04-05 5 days left/);
    assert.doesNotMatch(plain(byId(res.text, 'cooling', 'table')), /Dnipro Robotics/);
  });

  test('the funnel settings: a shorter warm window cools a lead; errors beside the fields', async () => {
    const page = await assertTidy(admin, '/settings');
    assert.match(page.text, /id="warm_days" name="warm_days" value="90"/);
    assert.match(page.text, /id="signal_email_reply" name="signal_email_reply" checked/);
    assert.doesNotMatch(page.text, /id="signal_note" name="signal_note" checked/);
    assert.equal((await manager.post('/settings/funnel', { warm_days: '30' })).status, 403);

    const bad = await admin.post('/settings/funnel', { warm_days: '0', timezone: 'Europe/Kyiv' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="warm_days-error"/);
    assert.match(bad.text, /id="signal_kinds-error"/);
    assert.match(bad.text, /id="warm_days" name="warm_days" aria-invalid="true"[^>]*value="0"/);
    assert.match(bad.text, /value="Europe\/Kyiv"/);
    assert.equal(await tidy(bad.text), '');

    const signals = { signal_email_reply: '1', signal_meeting: '1', signal_enquiry: '1',
                      signal_event_attendance: '1' };
    let res = await admin.post('/settings/funnel', { warm_days: '80', timezone: 'Europe/Kyiv', ...signals });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.location, '/settings?msg=saved#funnel');
    const saved = await admin.get('/settings');
    assert.match(saved.text, /id="warm_days" name="warm_days" value="80"/);
    assert.match(saved.text, /id="timezone" name="timezone" value="Europe\/Kyiv"/);
    // With 80 days the enquiry of 2026-01-05 warmed Odesa Drones through 2026-03-26 only.
    let org = await manager.get(`/organisations/${orgs.warm.id}`);
    assert.equal(plain(byId(org.text, 'lead-stage', 'div')), 'Cold');
    res = await admin.post('/settings/funnel', { warm_days: '90', timezone: 'Europe/Berlin', ...signals });
    assert.equal(res.status, 303);
    org = await manager.get(`/organisations/${orgs.warm.id}`);
    assert.match(plain(byId(org.text, 'lead-stage', 'div')), /^Warm warm until 2026-04-05/);
  });

  test('the monthly report, its CSV and its SVG charts', async () => {
    const res = await assertTidy(board, '/funnel/report?month=2026-03&months=3');
    const table = byId(res.text, 'funnel-months', 'table');
    assert.match(plain(table), /March 2026/);
    assert.match(plain(table), /January 2026/);
    assert.doesNotMatch(plain(table), /December 2025/);
    for (const chart of ['cold', 'warm', 'outreach'])
      assert.ok(res.text.includes(`src="/funnel/charts/${chart}.svg?month=2026-03&amp;months=3"`), chart);
    const svg = await board.get('/funnel/charts/outreach.svg?month=2026-03&months=3');
    assert.equal(svg.status, 200);
    assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(svg.text, /<svg[\s>]/);
    const again = await board.get('/funnel/charts/outreach.svg?month=2026-03&months=3');
    assert.equal(again.text, svg.text, 'the same drawing while nothing changed');
    assert.equal((await board.get('/funnel/charts/cold.svg')).status, 200);
    assert.equal((await board.get('/funnel/charts/nope.svg')).status, 404);

    const csv = await board.get('/funnel/report/export?month=2026-03&months=3&format=csv');
    assert.equal(csv.status, 200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /^month,cold base,cold growth,warm,/);
    assert.match(lines[1], /^2026-01,/);
    assert.match(lines[3], /^2026-03,/);
    // March's outreach: the e-mail of 2026-03-02 and the call of 2026-03-10 at least.
    const cols = lines[0].split(',');
    const march = lines[3].split(',');
    assert.ok(Number(march[cols.indexOf('outreach e-mail')]) >= 1);
    assert.ok(Number(march[cols.indexOf('outreach calls')]) >= 1);

    const future = await board.get('/funnel/report?month=2026-04');
    assert.equal(future.status, 422);
    assert.match(future.text, /id="month-error"/);
    const many = await board.get(`/funnel/report?months=${encodeURIComponent(XSS)}`);
    assert.equal(many.status, 422);
    assert.match(many.text, /id="months-error"/);
    assert.ok(!many.text.includes(XSS));
    assert.equal(await tidy(many.text), '');
  });

  test('every new page is clean HTML and escapes a script in an activity\'s text', async () => {
    const res = await logActivity(manager, orgs.cold.id, { kind: 'social', text: XSS });
    assert.equal(res.status, 303);
    const id = timeline((await manager.get(`/organisations/${orgs.cold.id}`)).text)[0].id;
    for (const [client, path] of [
      [manager, `/organisations/${orgs.cold.id}`], [board, `/organisations/${orgs.cold.id}`],
      [manager, `/organisations/${orgs.cold.id}/lead`], [manager, `/activities/${id}/edit`],
      [manager, `/activities/${id}/delete`], [manager, `/contacts/${orgs.cold.contactId}/activities/new`],
      [manager, '/leads'], [manager, '/leads?stage=cold&sort=-warm_until'], [board, '/funnel'],
      [board, '/funnel/report'], [admin, '/settings'], [manager, '/leads?owner=none&page=9'],
    ]) {
      const page = await assertTidy(client, path);
      assert.ok(!page.text.includes(XSS), `${path} shows the payload raw`);
    }
    const page = await manager.get(`/organisations/${orgs.cold.id}`);
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});

describe('a long timeline', () => {
  test('shows 100 entries a page, newest first, with older and newer links', async () => {
    const org = await newLead('Zaporizhzhia Energy', { contact: null });
    for (let i = 0; i < 101; i++) {
      // One a day from 2025-12-01 (entry 0) to 2026-03-11 (entry 100).
      const date = new Date(Date.UTC(2025, 11, 1 + i)).toISOString().slice(0, 10);
      const res = await logActivity(manager, org.id, { kind: 'note', date, text: `entry ${i}` });
      assert.equal(res.status, 303, res.text.slice(0, 300));
    }
    const first = await assertTidy(manager, `/organisations/${org.id}`);
    const rows = timeline(first.text);
    assert.equal(rows.length, 100);
    assert.match(rows[0].text, /^2026-03-11 Note .* entry 100 Edit Delete$/);
    assert.match(rows[99].text, /^2025-12-02 Note .* entry 1 Edit Delete$/);
    assert.ok(first.text.includes(`href="/organisations/${org.id}?timeline=2#timeline"`));
    assert.match(plain(first.text), /Entries 1–100 of 101/);
    const second = await assertTidy(manager, `/organisations/${org.id}?timeline=2`);
    const older = timeline(second.text);
    assert.equal(older.length, 1);
    assert.match(older[0].text, /^2025-12-01 Note .* entry 0 Edit Delete$/);
    assert.ok(second.text.includes(`href="/organisations/${org.id}?timeline=1#timeline"`));
    const junk = await manager.get(`/organisations/${org.id}?timeline=${encodeURIComponent(XSS)}`);
    assert.equal(junk.status, 200);
    assert.equal(timeline(junk.text).length, 100);
  });
});

describe('a contact\'s timeline', () => {
  test('the timeline shows one contact\'s entries on request, for every role', async () => {
    const org = await newLead('Lviv Optics', { contact: 'Iryna Bondar' });
    assert.equal((await logActivity(manager, org.id, {
      kind: 'call', contact_id: org.contactId, text: 'Called Iryna' })).status, 303);
    assert.equal((await logActivity(manager, org.id, { kind: 'note', text: 'Board minutes' }))
      .status, 303);
    assert.equal(timeline((await manager.get(`/organisations/${org.id}`)).text).length, 2);

    const hers = await assertTidy(board, `/organisations/${org.id}?contact=${org.contactId}`);
    const rows = timeline(hers.text);
    assert.equal(rows.length, 1);
    assert.match(rows[0].text, /Call Iryna Bondar .* Called Iryna/);
    assert.match(hers.text, new RegExp(`<option value="${org.contactId}" selected>Iryna Bondar`));

    // Another organisation's contact shows nothing of this one.
    const other = await newLead('Odesa Port Logistics', { contact: 'Petro Shevchenko' });
    const none = await manager.get(`/organisations/${org.id}?contact=${other.contactId}`);
    assert.equal(timeline(none.text).length, 0);
  });
});
