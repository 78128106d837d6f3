// Security of the pages, through the sign-in form and a cookie jar: CSRF
// on every POST, sign-in throttling, the board's read-only role, tenancy
// (404 for another cluster's organisation) and escaping of what users
// typed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API, PageClient, apiClient, expectAnswer, signIn, startServer } from './lib.mjs';

const XSS = '<script>alert(1)</script>';
const XSS_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

let srv;
let alphaApi;
let alphaOrg;
let xssOrg;
let betaOrg;

before(async () => {
  srv = await startServer({ today: '2026-03-31' });
  alphaApi = apiClient(srv.base, srv.tokens.alpha.manager);
  let res = await alphaApi.post(`${API}/organisations`,
                                { name: 'Alpha Visible AB', kind: 'sme', city: 'Umeå' });
  expectAnswer(res, 201);
  alphaOrg = res.json.data;
  res = await alphaApi.post(`${API}/organisations`,
                            { name: XSS, kind: 'other', city: XSS, notes: XSS, tags: [XSS] });
  expectAnswer(res, 201);
  xssOrg = res.json.data;
  res = await apiClient(srv.base, srv.tokens.beta.manager)
    .post(`${API}/organisations`, { name: 'Beta Secret Sp. z o.o.', kind: 'large' });
  expectAnswer(res, 201);
  betaOrg = res.json.data;
});

after(() => srv?.stop());

async function orgNamed(name) {
  const res = await alphaApi.get(`${API}/organisations?q=${encodeURIComponent(name)}`);
  expectAnswer(res, 200);
  return res.json.data.filter((o) => o.name === name);
}

describe('CSRF', () => {
  let page;
  before(async () => {
    page = await signIn(srv.base, srv.users.alpha.manager, srv.password);
  });

  const REFUSED = [
    ['without _csrf', false],
    ['with a wrong _csrf', 'x'.repeat(43)],
    ['with an empty _csrf', ''],
  ];
  for (const [label, csrf] of REFUSED) {
    test(`POST /organisations/new ${label} is 403 and stores nothing`, async () => {
      const name = `CSRF Victim ${label}`;
      const res = await page.post('/organisations/new', { name, kind: 'sme' }, { csrf });
      assert.equal(res.status, 403, res.text.slice(0, 300));
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.deepEqual(await orgNamed(name), []);
    });
  }

  test('the same POST with the session\'s _csrf is accepted (lead: org pages)', async () => {
    const name = 'CSRF Control Oy';
    const res = await page.post('/organisations/new', { name, kind: 'sme' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal((await orgNamed(name)).length, 1);
  });

  test('the sign-in form\'s token is not the session\'s', async () => {
    const other = new PageClient(srv.base);
    const form = await other.get('/signin');
    const pre = other.csrf;
    assert.ok(pre);
    assert.equal(form.status, 200);
    const res = await page.post('/organisations/new', { name: 'Pre Token Ltd', kind: 'sme' },
                                { csrf: pre });
    assert.equal(res.status, 403);
    assert.deepEqual(await orgNamed('Pre Token Ltd'), []);
  });

  test('sign-out without _csrf is refused and the session lives on', async () => {
    const res = await page.post('/signout', {}, { csrf: false });
    assert.equal(res.status, 403);
    const home = await page.get('/');
    assert.equal(home.status, 200);
    assert.ok(home.text.includes(srv.users.alpha.manager), 'still signed in');
  });

  test('sign-in without the form\'s _csrf is refused', async () => {
    const fresh = new PageClient(srv.base);
    await fresh.get('/signin');
    const res = await fresh.post('/signin', { email: srv.users.alpha.admin,
                                              password: srv.password }, { csrf: false });
    assert.equal(res.status, 403);
    assert.equal(fresh.cookies.get('cd_session'), undefined);
  });

  test('sign-out with _csrf ends the session', async () => {
    const mine = await signIn(srv.base, srv.users.alpha.admin, srv.password);
    const res = await mine.post('/signout', {});
    assert.equal(res.status, 303);
    const home = await mine.get('/');
    assert.equal(home.status, 303);
    assert.match(home.location, /^\/signin/);
  });
});

describe('roles', () => {
  let board;
  before(async () => {
    board = await signIn(srv.base, srv.users.alpha.board, srv.password);
  });

  test('the board gets 403 on GET /organisations/new', async () => {
    const res = await board.get('/organisations/new');
    assert.equal(res.status, 403, res.text.slice(0, 300));
  });

  test('the board gets 403 on POST /organisations/new and nothing is stored', async () => {
    const res = await board.post('/organisations/new', { name: 'Board Made AB', kind: 'sme' });
    assert.equal(res.status, 403);
    assert.deepEqual(await orgNamed('Board Made AB'), []);
  });

  test('the board gets 403 on edit and archive of its own cluster\'s organisation', async () => {
    for (const path of [`/organisations/${alphaOrg.id}/edit`,
                        `/organisations/${alphaOrg.id}/archive`]) {
      assert.equal((await board.get(path)).status, 403, path);
      assert.equal((await board.post(path, { name: 'Board Edit', kind: 'sme' })).status, 403,
                   path);
    }
    expectAnswer(await alphaApi.get(`${API}/organisations/${alphaOrg.id}`), 200,
                 { data: { name: 'Alpha Visible AB', archived: false } });
  });

  test('the board may read the organisation (lead: org pages)', async () => {
    const res = await board.get(`/organisations/${alphaOrg.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Alpha Visible AB/);
  });
});

describe('tenancy', () => {
  let alpha;
  before(async () => {
    alpha = await signIn(srv.base, srv.users.alpha.admin, srv.password);
  });

  test('an Alpha user sees its own organisation (lead: org pages)', async () => {
    const res = await alpha.get(`/organisations/${alphaOrg.id}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Alpha Visible AB/);
  });

  test('an Alpha user gets 404 for Beta\'s organisation, and no trace of it', async () => {
    for (const path of [`/organisations/${betaOrg.id}`,
                        `/organisations/${betaOrg.id}/edit`,
                        `/organisations/${betaOrg.id}/archive`,
                        `/organisations/${betaOrg.id}/contacts/new`]) {
      const res = await alpha.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /Beta Secret/, path);
    }
  });

  test('an Alpha user cannot change Beta\'s organisation by POST', async () => {
    const res = await alpha.post(`/organisations/${betaOrg.id}/edit`,
                                 { name: 'Hijacked', kind: 'sme' });
    assert.equal(res.status, 404);
    const archive = await alpha.post(`/organisations/${betaOrg.id}/archive`, {});
    assert.equal(archive.status, 404);
    const beta = apiClient(srv.base, srv.tokens.beta.admin);
    expectAnswer(await beta.get(`${API}/organisations/${betaOrg.id}`), 200,
                 { data: { name: 'Beta Secret Sp. z o.o.', archived: false } });
  });

  test('Beta\'s organisation is not in Alpha\'s list or search (lead: org pages)', async () => {
    const res = await alpha.get('/organisations?q=secret');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /Beta Secret/);
    const all = await alpha.get('/organisations');
    assert.match(all.text, /Alpha Visible AB/);
    assert.doesNotMatch(all.text, /Beta Secret/);
  });
});

describe('escaping', () => {
  let page;
  before(async () => {
    page = await signIn(srv.base, srv.users.alpha.manager, srv.password);
  });

  test('a <script> name shows as text on the organisation page', async () => {
    const res = await page.get(`/organisations/${xssOrg.id}`);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.ok(res.text.includes(XSS_ESCAPED), 'the escaped name is on the page');
    assert.ok(!res.text.includes(XSS), 'the raw <script> is not');
  });

  test('and in the list and its search', async () => {
    const res = await page.get('/organisations?q=alert');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(XSS_ESCAPED));
    assert.ok(!res.text.includes(XSS));
  });

  test('and in the edit form\'s values', async () => {
    const res = await page.get(`/organisations/${xssOrg.id}/edit`);
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(XSS));
    assert.ok(res.text.includes(XSS_ESCAPED));
  });

  test('a search term is escaped when shown back', async () => {
    const res = await page.get(`/organisations?q=${encodeURIComponent('"><script>x</script>')}`);
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>x</script>'));
    assert.ok(!res.text.includes('"><script>'));
  });

  test('pages forbid inline script and framing', async () => {
    const res = await page.get('/');
    const csp = res.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });
});

// Throttling counts failures per account and per address (all tests come
// from 127.0.0.1), so it gets a server of its own.
describe('sign-in throttling', () => {
  let tsrv;
  before(async () => {
    tsrv = await startServer({ today: '2026-03-31' });
  });
  after(() => tsrv?.stop());

  test('the right password works to begin with', async () => {
    await signIn(tsrv.base, tsrv.users.alpha.manager, tsrv.password);
  });

  test('five wrong passwords are each refused with 401', async () => {
    for (let i = 1; i <= 5; i++) {
      const c = new PageClient(tsrv.base);
      const res = await c.signIn(tsrv.users.alpha.manager, `wrong password ${i}`);
      assert.equal(res.status, 401, `attempt ${i}`);
      assert.equal(c.cookies.get('cd_session'), undefined);
      assert.match(res.text, /not right/);
    }
  });

  test('the sixth attempt is refused with 429 even with the right password', async () => {
    const c = new PageClient(tsrv.base);
    const res = await c.signIn(tsrv.users.alpha.manager, tsrv.password);
    assert.equal(res.status, 429);
    assert.equal(c.cookies.get('cd_session'), undefined);
    assert.match(res.text, /15 minutes/);
  });

  test('the address is throttled too: another account from it is refused', async () => {
    const c = new PageClient(tsrv.base);
    const res = await c.signIn(tsrv.users.alpha.admin, tsrv.password);
    assert.equal(res.status, 429);
  });

  test('the API is not affected: tokens still work', async () => {
    const res = await apiClient(tsrv.base, tsrv.tokens.alpha.manager)
      .get(`${API}/organisations`);
    expectAnswer(res, 200);
  });
});
