// Membership and dues as a coordinator runs them, in a real browser: the
// admin creates two tiers (one bad fee first), an organisation applies
// through the public form (once without consent: nothing recorded), the
// application is approved, dues are generated for the fiscal year, a
// partial payment is recorded (an overpayment refused), the invoice PDF is
// opened; then the server is restarted on the same database with a later
// CLUSTERDESK_TODAY, and the invoice is overdue, the member in grace, the
// dashboard shows the overdue total and gives the board report PDF. The
// PDFs are checked by pdftotext and their first pages drawn by pdftoppm
// into tests/e2e/out/ beside the screenshots.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { PASSWORD, USERS, serve, startServer } from '../api/lib.mjs';
import { OUT, launch, shot, signInAs } from './browser.mjs';

const execFileP = promisify(execFile);

const JOINED = '2027-01-10'; // the day of the application and its approval
const LATER = '2027-02-15'; // 36 days after the first instalment's due date
const ORG = 'ТОВ Харківські системи';

let srv, later, browser, context, page, pub;
const seen = {}; // what one step finds and a later one needs

/*
 * Restarts the way an operator moves the day on: the first server is
 * stopped (its directory kept: srv.stop() removes it at the end), and a
 * new one serves the same database with CLUSTERDESK_TODAY set.
 */
async function restartAt(today) {
  const gone = new Promise((resolve) => srv.proc.once('exit', (code) => resolve(code)));
  srv.proc.kill('SIGTERM');
  assert.equal(await gone, 0, `the first server ended badly:\n${srv.output()}`);
  return serve({ db: srv.db, today });
}

/* pdftotext of a file, in layout mode. */
async function pdfText(path) {
  return (await execFileP('pdftotext', ['-layout', path, '-'])).stdout;
}

/* Draws page 1 of a PDF into OUT/<name>.png; answers the PNG's path. */
async function pdfPage1(path, name) {
  await execFileP('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile',
                               path, join(OUT, name)]);
  const png = join(OUT, `${name}.png`);
  assert.ok((await stat(png)).size > 1000, `${png} is a drawn page`);
  return png;
}

/* Clicks what starts a download and saves it as OUT/name. */
async function download(click, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(OUT, name);
  await dl.saveAs(path);
  return { path, suggested: dl.suggestedFilename() };
}

/* The cells' texts of the table row that contains text. */
async function rowOf(table, text) {
  const row = page.locator(`${table} tbody tr`, { hasText: text });
  assert.equal(await row.count(), 1, `one row with ${text} in ${table}`);
  return (await row.locator('td').allTextContents()).map((s) => s.trim());
}

before(async () => {
  srv = await startServer({ today: JOINED });
  ({ browser, context, page } = await launch());
});

after(async () => {
  await browser?.close();
  await later?.stop();
  await srv?.stop();
});

test('the admin signs in and creates two tiers; a bad fee is shown beside the field', async () => {
  await signInAs(page, srv.base, USERS.alpha.admin, PASSWORD);
  await page.waitForURL(`${srv.base}/`);
  await page.click('nav >> text=Settings');
  await page.click('a:has-text("Membership tiers")');
  await page.waitForURL(`${srv.base}/settings/tiers`);
  assert.match(await page.textContent('#tiers'), /No tiers yet/);

  await page.click('a:has-text("New tier")');
  await page.fill('#name', 'Large enterprise');
  await page.fill('#annual_fee', 'abc');
  await page.check('#kind-large');
  await page.click('button:has-text("Create tier")');
  const error = await page.textContent('#annual_fee-error');
  assert.match(error, /fee|amount|number/i);
  assert.equal(await page.inputValue('#name'), 'Large enterprise');
  assert.equal(await page.inputValue('#annual_fee'), 'abc');
  assert.ok(await page.isChecked('#kind-large'), 'the kind stays ticked');
  await shot(page, 'm01-tier-fee-error');

  await page.fill('#annual_fee', '18,000.00');
  await page.click('button:has-text("Create tier")');
  await page.waitForURL(`${srv.base}/settings/tiers?msg=created`);

  await page.click('a:has-text("New tier")');
  await page.fill('#name', 'SME');
  await page.fill('#annual_fee', '3,000.00');
  await page.check('#kind-sme');
  await page.click('button:has-text("Create tier")');
  await page.waitForURL(`${srv.base}/settings/tiers?msg=created`);
  assert.deepEqual((await rowOf('#tiers', 'Large enterprise')).slice(1, 3),
                   ['18,000.00 EUR', 'two half-year instalments']);
  assert.deepEqual((await rowOf('#tiers', 'SME')).slice(1, 3), ['3,000.00 EUR', 'one payment']);
  await shot(page, 'm02-tiers');
});

test('the public price list shows both tiers, signed out', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 },
                                         locale: 'en-GB' });
  pub = await ctx.newPage();
  pub.setDefaultTimeout(15000);
  await pub.goto(`${srv.base}/clusters/${srv.slugs.alpha}/prices`);
  assert.equal((await pub.textContent('h1')).trim(), 'Alpha Cluster');
  const cards = pub.locator('#prices .tier');
  assert.equal(await cards.count(), 2);
  const large = await pub.locator('#prices .tier', { hasText: 'Large enterprise' }).textContent();
  assert.match(large, /18,000\.00 EUR/);
  assert.match(large, /two half-year instalments/);
  const sme = await pub.locator('#prices .tier', { hasText: 'SME' }).textContent();
  assert.match(sme, /3,000\.00 EUR/);
  assert.doesNotMatch(sme, /instalments/);
  assert.equal(await pub.locator('text=Sign out').count(), 0, 'nobody is signed in');
  await shot(pub, 'm03-prices');
});

test('an application without consent is refused with the input kept, then sent', async () => {
  await pub.click('a:has-text("Apply for membership")');
  await pub.waitForURL(`${srv.base}/clusters/${srv.slugs.alpha}/apply`);
  await pub.fill('#name', ORG);
  await pub.selectOption('#kind', 'large');
  await pub.fill('#country', 'UA');
  await pub.fill('#city', 'Харків');
  await pub.fill('#contact_name', 'Олена Коваленко');
  await pub.fill('#contact_email', 'olena@khs.example.ua');
  await pub.fill('#contact_position', 'Директорка');
  const large = await pub.locator('#tier_id option', { hasText: 'Large enterprise' })
    .getAttribute('value');
  await pub.selectOption('#tier_id', large);
  await pub.click('button:has-text("Send the application")');
  assert.match(await pub.textContent('#consent-error'), /consent|agree/i);
  assert.equal(await pub.inputValue('#name'), ORG);
  assert.equal(await pub.inputValue('#contact_name'), 'Олена Коваленко');
  assert.equal(await pub.inputValue('#tier_id'), large);
  await shot(pub, 'm04-apply-no-consent');

  // Nothing was recorded: no applicant, no organisation.
  await page.goto(`${srv.base}/memberships?status=applicant`);
  assert.match(await page.textContent('#memberships'), /No memberships match/);
  await page.goto(`${srv.base}/organisations?q=${encodeURIComponent('Харківські')}`);
  assert.match(await page.textContent('#organisations'), /No organisations match/);

  await pub.check('#consent');
  await pub.click('button:has-text("Send the application")');
  await pub.waitForURL(`${srv.base}/clusters/${srv.slugs.alpha}/thanks`);
  assert.equal((await pub.textContent('h1')).trim(), 'Thank you for applying');
  await shot(pub, 'm05-apply-thanks');

  // The same organisation again: refused, no second organisation.
  await pub.goto(`${srv.base}/clusters/${srv.slugs.alpha}/apply`);
  await pub.fill('#name', ORG);
  await pub.selectOption('#kind', 'large');
  await pub.fill('#country', 'UA');
  await pub.fill('#contact_name', 'Олена Коваленко');
  await pub.fill('#contact_email', 'olena@khs.example.ua');
  await pub.selectOption('#tier_id', large);
  await pub.check('#consent');
  await pub.click('button:has-text("Send the application")');
  assert.match(await pub.textContent('#problem'), /already has a membership or an application/);
  await pub.context().close();
});

test('the admin approves the application; the organisation is an active member', async () => {
  await page.click('nav >> text=Members');
  await page.waitForURL(`${srv.base}/memberships`);
  assert.match(await page.textContent('#waiting'), /1 application is waiting/);
  const cells = await rowOf('#memberships', ORG);
  assert.deepEqual(cells.slice(1, 5),
                   ['Large enterprise', 'Large enterprise', 'Applicant', JOINED]);
  await shot(page, 'm06-applicant');

  await page.locator('#memberships tbody tr', { hasText: ORG })
    .locator('button:has-text("Approve")').click();
  await page.waitForSelector('text=The application was approved.');
  assert.equal((await rowOf('#memberships', ORG))[3], 'Active');
  assert.equal(await page.locator('#waiting').count(), 0, 'no application waits');
  await page.click(`#memberships a:text-is("${ORG}")`);
  await page.waitForSelector('#current-membership');
  assert.equal((await page.textContent('h1')).trim(), ORG);
  const current = await page.textContent('#current-membership');
  assert.match(current, /Large enterprise/);
  assert.match(current, /Active/);
  assert.match(current, /18,000\.00 EUR/);
  assert.match(current, new RegExp(`Joined\\s*${JOINED}`));
  assert.match(current, /public application form/);
  await shot(page, 'm07-organisation-active');

  await page.goto(`${srv.base}/organisations?q=${encodeURIComponent('Харківські')}`);
  assert.equal(await page.locator('#organisations tbody tr', { hasText: ORG }).count(), 1,
               'one organisation, not two');
});

test('dues for 2027: two instalments of 9,000.00, a partial payment, an overpayment refused',
     async () => {
  await page.click('nav >> text=Invoices');
  await page.waitForURL(`${srv.base}/invoices`);
  assert.equal(await page.inputValue('#fiscal_year'), '2027');
  await page.fill('#fiscal_year', '2027');
  await page.click('button:has-text("Generate dues")');
  await page.waitForSelector('text=Dues generated for fiscal year 2027: 1 new invoice.');
  const cells = await rowOf('#invoices', ORG);
  seen.number = cells[0];
  assert.match(seen.number, /^\d+$/);
  assert.deepEqual(cells.slice(1, 7), [ORG, '2027', JOINED, '18,000.00 EUR', '0.00 EUR', 'Open']);
  await shot(page, 'm08-invoices');

  await page.click(`#invoices a:text-is("${seen.number}")`);
  await page.waitForSelector('#instalments');
  assert.equal((await page.textContent('h1')).trim(), `Invoice ${seen.number}`);
  seen.invoiceUrl = page.url();
  const inst = await page.locator('#instalments tbody tr').evaluateAll((rows) =>
    rows.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  assert.deepEqual(inst, [
    [JOINED, '2027-01-01 – 2027-06-30', '9,000.00 EUR'],
    ['2027-07-01', '2027-07-01 – 2027-12-31', '9,000.00 EUR'],
  ]);
  assert.match(await page.textContent('#invoice'), /Total\s*18,000\.00 EUR/);

  // A partial payment: the date defaults to the server's today.
  assert.equal(await page.inputValue('#paid_on'), JOINED);
  await page.fill('#amount', '4,000.00');
  await page.fill('#reference', 'ПП 17');
  await page.click('button:has-text("Record payment")');
  await page.waitForSelector('text=The payment was recorded.');
  assert.equal((await page.textContent('h1 + span')).trim(), 'Partly paid');
  const invoice = await page.textContent('#invoice');
  assert.match(invoice, /Paid\s*4,000\.00 EUR/);
  assert.match(invoice, /Rest to pay\s*14,000\.00 EUR/);
  assert.match(await page.textContent('#payments'), /ПП 17\s*4,000\.00 EUR/);

  // More than the rest: the error beside the amount, the input kept.
  await page.fill('#amount', '14,000.01');
  await page.fill('#reference', 'too much');
  await page.click('button:has-text("Record payment")');
  assert.match(await page.textContent('#amount-error'), /14,000\.00/);
  assert.equal(await page.inputValue('#amount'), '14,000.01');
  assert.equal(await page.inputValue('#reference'), 'too much');
  assert.equal(await page.locator('#payments tbody tr').count(), 1, 'nothing recorded');
  await shot(page, 'm09-invoice-overpayment');
});

test('the invoice PDF names the organisation and the number', async () => {
  await page.goto(seen.invoiceUrl);
  const { path, suggested } = await download(() => page.click('#pdf'), 'm10-invoice.pdf');
  assert.match(suggested, /\.pdf$/);
  const text = await pdfText(path);
  assert.match(text, new RegExp(ORG));
  assert.match(text, new RegExp(`Invoice No\\. ${seen.number}\\b`));
  assert.match(text, /Total\s+18,000\.00 EUR/);
  assert.match(text, /Paid so far\s+4,000\.00 EUR/);
  assert.match(text, /Rest due\s+14,000\.00 EUR/);
  assert.match(text, /Partly paid/);
  assert.match(text, /Alpha Cluster/);
  await pdfPage1(path, 'm10-invoice-page1');
});

test('with today moved on, the invoice is overdue and the member in grace', async () => {
  later = await restartAt(LATER);
  await context.clearCookies();
  await signInAs(page, later.base, USERS.alpha.admin, PASSWORD);
  await page.waitForURL(`${later.base}/`);

  await page.goto(`${later.base}/invoices?status=overdue`);
  assert.equal((await page.textContent('h1')).trim(), 'Overdue invoices');
  const cells = await rowOf('#invoices', ORG);
  assert.equal(cells[0], seen.number);
  assert.deepEqual(cells.slice(4, 9),
                   ['18,000.00 EUR', '4,000.00 EUR', 'Overdue', '36', '5,000.00 EUR']);
  await shot(page, 'm11-overdue');

  await page.click('nav >> text=Members');
  await page.waitForURL(`${later.base}/memberships`);
  const member = await rowOf('#memberships', ORG);
  assert.equal(member[3], 'In grace');
  assert.equal(member[7], JOINED); // unpaid since the first due date
  await shot(page, 'm12-members-in-grace');

  await page.click('nav >> text=Dashboard');
  await page.waitForURL(`${later.base}/`);
  const overdue = await page.textContent('#overdue');
  assert.match(overdue, /5,000\.00 EUR/);
  assert.match(overdue, /EUR\s*1 invoices? past due/);
  assert.equal((await page.textContent('#members-today .card-figure')).trim(), '1');
  await shot(page, 'm13-dashboard');
});

test('the board report for 2027H1 comes from the dashboard', async () => {
  await page.selectOption('#half', '2027H1');
  const { path, suggested } = await download(
    () => page.click('button:has-text("Board report (PDF)")'), 'm14-board-2027H1.pdf');
  assert.equal(suggested, 'board-report-2027H1.pdf');
  const text = await pdfText(path);
  assert.match(text, /Board report/);
  assert.match(text, /Alpha Cluster/);
  assert.match(text, /Board report 2027H1/);
  assert.match(text, /as of 15 February 2027/);
  assert.match(text, /5,000\.00 EUR/);
  assert.match(text, /1 invoice past due/);
  assert.doesNotMatch(text, /Beta Cluster/);
  await pdfPage1(path, 'm14-board-page1');
});
