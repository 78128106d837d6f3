// The member registry as a coordinator uses it, in a real browser: sign
// in, create an organisation with a contact, search, edit with an error,
// import a CSV with a bad row (nothing imported), then a good one, and
// export the list.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, USERS, PASSWORD } from '../api/lib.mjs';
import { launch, shot, signInAs, OUT } from './browser.mjs';

let srv, browser, page;

before(async () => {
  srv = await startServer();
  ({ browser, page } = await launch());
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const total = async () =>
  (await page.textContent('nav[aria-label=Pages] span')).trim();

test('sign in lands on the dashboard of the own cluster', async () => {
  await signInAs(page, srv.base, USERS.alpha.manager, PASSWORD);
  await page.waitForURL(`${srv.base}/`);
  assert.equal((await page.textContent('h1')).trim(), 'Alpha Cluster');
  await shot(page, '01-dashboard');
});

test('create an organisation with a contact', async () => {
  await page.click('text=Organisations');
  await page.click('text=New organisation');
  await page.fill('#name', 'Dresdner Halbleiter GmbH');
  await page.selectOption('#kind', 'sme');
  await page.fill('#employees', '85');
  await page.fill('#country', 'de');
  await page.fill('#city', 'Dresden');
  await page.fill('#tags', 'microelectronics, semiconductors');
  await shot(page, '02-new-organisation');
  await page.click('button:has-text("Create organisation")');
  await page.waitForSelector('text=Created.');
  assert.equal((await page.textContent('h1')).trim(), 'Dresdner Halbleiter GmbH');
  assert.match(await page.textContent('dl'), /DE/);

  await page.click('text=Add contact');
  await page.fill('#name', 'Jürgen Müller');
  await page.fill('#email', 'J.Mueller@dresdner-halbleiter.de');
  await page.fill('#position', 'Managing director');
  await page.check('#entry_point');
  await page.click('button[type=submit]:not(.btn-outline-light)');
  await page.waitForSelector('#contacts');
  const contacts = await page.textContent('#contacts');
  assert.match(contacts, /Jürgen Müller/);
  assert.match(contacts, /entry point/);
  assert.match(contacts, /j\.mueller@dresdner-halbleiter\.de/);
  await shot(page, '03-organisation');
});

test('search finds by part of the name, in any case', async () => {
  await page.goto(`${srv.base}/organisations`);
  await page.fill('#q', 'HALBLEITER');
  await page.click('button:has-text("Filter")');
  assert.match(await page.textContent('#organisations'), /Dresdner Halbleiter GmbH/);
  await page.fill('#q', 'no such organisation');
  await page.click('button:has-text("Filter")');
  assert.match(await page.textContent('#organisations'), /No organisations match/);
});

test('an edit with a wrong field shows the error beside it and keeps the input', async () => {
  await page.goto(`${srv.base}/organisations?q=dresdner`);
  await page.click('#organisations a:has-text("Dresdner")');
  await page.click('a:has-text("Edit")');
  await page.fill('#name', 'Dresdner Halbleiter GmbH & Co. KG');
  await page.fill('#website', 'not a website');
  await page.click('button:has-text("Save changes")');
  const error = await page.textContent('#website-error');
  assert.match(error, /not a valid address/);
  assert.equal(await page.inputValue('#name'), 'Dresdner Halbleiter GmbH & Co. KG');
  assert.equal(await page.inputValue('#website'), 'not a website');
  await shot(page, '04-edit-error');
  await page.fill('#website', 'dresdner-halbleiter.de');
  await page.click('button:has-text("Save changes")');
  await page.waitForSelector('text=Saved.');
  assert.equal((await page.textContent('h1')).trim(), 'Dresdner Halbleiter GmbH & Co. KG');
  assert.match(await page.textContent('dl'), /https:\/\/dresdner-halbleiter\.de/);
});

const GOOD_ROWS = [
  'ТОВ «Харківські Мікросистеми»;sme;45;UA;Харків;electronics;Олена Коваленко;olena@khm.ua;yes',
  'Göteborgs Fordonsteknik AB;large;1 200;SE;Göteborg;mobility;Erik Lindqvist;erik@gft.se;yes',
  'Łódzka Fabryka Oprogramowania;startup;12;PL;Łódź;digital;Małgorzata Wiśniewska;m.w@lfo.pl;yes',
];
const HEADER = 'name;kind;employees;country;city;tags;contact name;email;entry point';

async function upload(content, name) {
  const path = join(OUT, name);
  await writeFile(path, content);
  await page.goto(`${srv.base}/import`);
  await page.setInputFiles('#file', path);
  await page.click('button:has-text("Preview")');
}

test('a CSV with one bad row shows the error by line and column and imports nothing', async () => {
  await page.goto(`${srv.base}/organisations`);
  const before = await total();
  const bad = [HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace(';large;', ';spaceship;'),
               GOOD_ROWS[2]].join('\r\n');
  await upload('\ufeff' + bad, 'bad.csv');
  const errors = await page.textContent('#import-errors + table');
  assert.match(errors, /3\s*kind/);
  assert.match(errors, /spaceship|kind/i);
  assert.equal(await page.locator('button:has-text("Import")').count(), 0);
  await shot(page, '05-import-errors');
  await page.goto(`${srv.base}/organisations`);
  assert.equal(await total(), before);
});

test('a good CSV is previewed, then imported whole', async () => {
  await upload([HEADER, ...GOOD_ROWS].join('\n') + '\n', 'good.csv');
  assert.match(await page.textContent('#import-preview'), /Харківські/);
  await shot(page, '06-import-preview');
  await page.click('button:has-text("Import 3 organisations")');
  await page.waitForSelector('text=The import is done.');
  assert.match(await total(), /of 4$/);
  const list = await page.textContent('#organisations');
  for (const name of ['Харківські Мікросистеми', 'Göteborgs Fordonsteknik AB',
                      'Łódzka Fabryka Oprogramowania'])
    assert.match(list, new RegExp(name));
  await shot(page, '07-organisations');
  await page.click('text=History');
  const history = await page.textContent('table.history');
  assert.match(history, /imported\s*import\s*good\.csv/);
  assert.match(history, /organisations created:\s*3/);
});

test('the filtered list exports as CSV and Excel', async () => {
  await page.goto(`${srv.base}/organisations?kind=sme`);
  const [csv] = await Promise.all([page.waitForEvent('download'),
                                   page.click('text=Export CSV')]);
  const text = await readFile(await csv.path(), 'utf8');
  assert.match(csv.suggestedFilename(), /^organisations-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.match(text, /Харківські Мікросистеми/);
  assert.match(text, /Dresdner Halbleiter/);
  assert.doesNotMatch(text, /Göteborgs/); // a large enterprise: filtered out
  const [xlsx] = await Promise.all([page.waitForEvent('download'),
                                    page.click('text=Export Excel')]);
  const bytes = await readFile(await xlsx.path());
  assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');
});
