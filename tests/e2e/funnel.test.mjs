// The recruitment funnel as a coordinator works it, in a real browser:
// a reply logged for a cold lead turns it warm for 90 days; a second lead
// is registered for an event and checked in, and its attendance appears
// on its timeline and warms it; then the server is restarted on the same
// database with a later today, first inside the lead's last week (it is
// "cooling this week") and then on day 91 (it is cold again, by itself).
// Screenshots go to tests/e2e/out/f*.png.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { API, PASSWORD, USERS, apiClient, serve, startServer } from '../api/lib.mjs';
import { launch, shot, signInAs } from './browser.mjs';

const TODAY = '2027-01-10';
const COOLING = '2027-04-05'; // the reply's window ends on 2027-04-10
const DAY_91 = '2027-04-11';
const REPLIED = 'Nordic Sensors AB';
const ATTENDS = 'Baltic Robotics UAB';

let srv, later, browser, page;
const ids = {};

async function createOrg(name) {
  const api = apiClient(srv.base, srv.tokens.alpha.manager);
  const res = await api.post(`${API}/organisations`, { name, kind: 'sme', city: 'Vilnius' });
  assert.equal(res.status, 201, res.text);
  return res.json.data.id;
}

/* Moves the day on: this server stops, another serves the same file
 * (srv.stop() at the end removes the file with its directory). */
async function restartAt(today) {
  if (later) {
    await later.stop();
  } else {
    const gone = new Promise((resolve) => srv.proc.once('exit', (code) => resolve(code)));
    srv.proc.kill('SIGTERM');
    assert.equal(await gone, 0, `the first server ended badly:\n${srv.output()}`);
  }
  later = await serve({ db: srv.db, today });
  return later.base;
}

async function stageOf(base, orgId) {
  await page.goto(`${base}/organisations/${orgId}`);
  return (await page.textContent('#lead-stage')).trim();
}

before(async () => {
  srv = await startServer({ today: TODAY });
  ids.replied = await createOrg(REPLIED);
  ids.attends = await createOrg(ATTENDS);
  ({ browser, page } = await launch());
});

after(async () => {
  await browser?.close();
  await later?.stop();
  await srv?.stop();
});

test('a reply logged on the organisation page turns a cold lead warm for 90 days', async () => {
  await signInAs(page, srv.base, USERS.alpha.manager, PASSWORD);
  await page.waitForURL(`${srv.base}/`);
  assert.match(await stageOf(srv.base, ids.replied), /Cold/);

  await page.selectOption('#log-activity select[name=kind]', 'email_reply');
  assert.equal(await page.inputValue('#log-activity input[name=date]'), TODAY);
  await page.fill('#log-activity textarea[name=text]',
                  'Replied to the January newsletter: interested in the AI group.');
  await page.click('#log-activity button[type=submit]');
  await page.waitForURL(/\/organisations\/\d+\?msg=activity-logged/);

  assert.match(await page.textContent('#lead-stage'), /Warm/);
  assert.match(await page.textContent('#lead'), /2027-04-10/);
  assert.match(await page.textContent('#activities'), /interested in the AI group/);
  await shot(page, 'f01-lead-warm');

  await page.click('nav >> text=Funnel');
  await page.waitForURL(`${srv.base}/funnel`);
  assert.match(await page.textContent('#stage-warm'), /Warm\s*1$/);
  const row = page.locator('#warm tbody tr', { hasText: REPLIED });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /2027-04-10/);
  assert.match(await row.textContent(), /90 days left/);
  await shot(page, 'f02-funnel-board');
});

test('a lead registered for an event and checked in has the attendance on its timeline', async () => {
  await page.click('nav >> text=Events');
  await page.waitForURL(`${srv.base}/events`);
  await page.click('a:has-text("New event")');
  await page.fill('input[name=title]', 'Robotics day');
  await page.selectOption('select[name=kind]', 'seminar');
  await page.fill('input[name=starts_at]', `${TODAY}T09:00`);
  await page.fill('input[name=ends_at]', `${TODAY}T17:00`);
  await page.fill('input[name=place]', 'Vilnius Tech Park');
  await page.fill('input[name=capacity]', '30');
  await page.fill('input[name=nonmember_fee]', '50');
  await page.click('#event-form button[type=submit]');
  await page.waitForURL(/\/events\/\d+/);
  assert.match(await page.textContent('h1'), /Robotics day/);

  await page.fill('input[name=org_q]', 'Baltic');
  await page.click('button:has-text("Find")');
  await page.click(`#org-matches a:has-text("${ATTENDS}")`);
  await page.fill('#register-form input[name=name]', 'Ona Petraitytė');
  await page.fill('#register-form input[name=email]', 'ona@baltic-robotics.test');
  await page.click('#register-form button:has-text("Register")');
  await page.waitForURL(/msg=registered/);
  const reg = page.locator('#registrations tbody tr', { hasText: 'Ona Petraitytė' });
  assert.match(await reg.textContent(), /Registered/);
  assert.match(await reg.textContent(), /50\.00/); // a non-member's fee

  await reg.locator('button:has-text("Check in")').click();
  await page.waitForURL(/msg=status/);
  assert.match(await page.locator('#registrations tbody tr', { hasText: 'Ona Petraitytė' })
    .textContent(), /Attended/);
  await shot(page, 'f03-event-checked-in');

  assert.match(await stageOf(srv.base, ids.attends), /Warm/);
  const timeline = await page.textContent('#activities');
  assert.match(timeline, /Attended Robotics day/);
  assert.match(timeline, /Registered for Robotics day/);
  await shot(page, 'f04-attendance-on-timeline');
});

test('moved on, the lead is cooling this week, and on day 91 it is cold again', async () => {
  let base = await restartAt(COOLING);
  await page.goto(`${base}/funnel`);
  const cooling = page.locator('#cooling tbody tr', { hasText: REPLIED });
  assert.equal(await cooling.count(), 1, 'the replied lead cools this week');
  assert.match(await cooling.textContent(), /5 days left/);
  await shot(page, 'f05-cooling-this-week');

  base = await restartAt(DAY_91);
  assert.match(await stageOf(base, ids.replied), /Cold/);
  assert.match(await stageOf(base, ids.attends), /Cold/);
  await page.goto(`${base}/funnel`);
  assert.match(await page.textContent('#stage-warm'), /Warm\s*0$/);

  await page.goto(`${base}/funnel/report?month=2027-04&months=4`);
  const april = page.locator('#funnel-months tbody tr', { hasText: 'April 2027' });
  assert.equal(await april.count(), 1);
  // Cold size, growth, warm, members, new, turned warm, conversions, returned.
  const cells = (await april.locator('td').allTextContents()).map((s) => s.trim());
  assert.equal(cells[2], '0', 'no warm lead at the end of April');
  assert.equal(cells[7], '2', 'both windows ran out in April');
  await shot(page, 'f06-monthly-report');
});
