// Shared harness for the HTTP tests in tests/api (and any other test that
// needs a running clusterdesk): a server with two clusters on a fresh
// database, a JSON API client, a cookie-keeping page client, and a
// partial-match assertion for JSON answers.
//
// ctest sets CLUSTERDESK_BIN to the built binary. Nothing here needs npm
// packages: Node's test runner, global fetch and child_process only.
//
//   import { startServer, apiClient, signIn, assertSubset } from './lib.mjs';
//   const srv = await startServer({ today: '2026-03-31' });
//   const api = apiClient(srv.base, srv.tokens.alpha.manager);
//   const res = await api.post('/api/v1/organisations', { name: 'X', kind: 'sme' });
//   const page = await signIn(srv.base, srv.users.alpha.admin, srv.password);
//   const html = await page.get('/organisations');
//   await srv.stop();
//
// Set CLUSTERDESK_TEST_VERBOSE=1 to see the server's output, and
// CLUSTERDESK_TEST_KEEP=1 to keep the temporary directory (its path is
// srv.dir).

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** The binary under test. */
export const BIN = process.env.CLUSTERDESK_BIN || 'clusterdesk';

/** The password of every user startServer creates. */
export const PASSWORD = 'correct horse battery staple';

/** The API's path prefix. */
export const API = '/api/v1';

/**
 * The users startServer creates: cluster -> role -> e-mail. Alpha's admin
 * comes from `init`, everyone else from `user add`.
 */
export const USERS = {
  alpha: {
    admin: 'admin@alpha.test',
    manager: 'manager@alpha.test',
    board: 'board@alpha.test',
  },
  beta: {
    admin: 'admin@beta.test',
    manager: 'manager@beta.test',
    board: 'board@beta.test',
  },
};

/**
 * Runs `clusterdesk ARGS...` to completion with CLUSTERDESK_PASSWORD set;
 * returns its trimmed stdout. Throws (with stderr in the message) when it
 * exits non-zero.
 */
export async function cli(args, { env = {} } = {}) {
  try {
    const { stdout } = await execFileP(BIN, args, {
      env: { ...process.env, CLUSTERDESK_PASSWORD: PASSWORD, ...env },
    });
    return stdout.trim();
  } catch (e) {
    throw new Error(`clusterdesk ${args.join(' ')} failed (${e.code}): ` +
                    `${e.stderr || e.message}`);
  }
}

/**
 * Starts a server on a fresh database in a temporary directory.
 *
 * The database holds two clusters, "Alpha Cluster" (slug alpha-cluster)
 * and "Beta Cluster" (beta-cluster), each with an admin, a manager and a
 * board user (USERS), all with PASSWORD, and one API token per user.
 *
 * Options: today ("YYYY-MM-DD", passed as --today), threads (default 2),
 * env (extra environment for the server).
 *
 * Returns { base, db, dir, slugs, users, password, tokens, proc, output(),
 * cli(args), stop() }: base is "http://127.0.0.1:PORT"; tokens.alpha.board
 * is the board user's bearer token; cli(args) runs a command against this
 * database (--db DB is appended); stop() sends SIGTERM, waits for the exit,
 * asserts exit code 0 and removes the directory.
 */
export async function startServer({ today, threads = 2, env = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'clusterdesk-test-'));
  const db = join(dir, 'clusterdesk.db');
  const withDb = (args) => [...args.slice(0, 2), '--db', db, ...args.slice(2)];

  const slugs = {};
  slugs.alpha = (await cli(['init', '--db', db, '--cluster', 'Alpha Cluster',
                            '--admin', USERS.alpha.admin])).split('\n')[0];
  slugs.beta = await cli(withDb(['cluster', 'add', 'Beta Cluster']));
  assert.equal(slugs.alpha, 'alpha-cluster');
  assert.equal(slugs.beta, 'beta-cluster');
  for (const [cluster, roles] of Object.entries(USERS)) {
    for (const [role, email] of Object.entries(roles)) {
      if (cluster === 'alpha' && role === 'admin')
        continue;
      await cli(withDb(['user', 'add', '--cluster', slugs[cluster],
                        '--email', email, '--role', role]));
    }
  }
  const tokens = {};
  for (const [cluster, roles] of Object.entries(USERS)) {
    tokens[cluster] = {};
    for (const [role, email] of Object.entries(roles))
      tokens[cluster][role] = await cli(withDb(['token', 'create', '--user', email]));
  }

  const server = await serve({ db, today, threads, env });
  let stopped = false;
  return {
    base: server.base,
    db,
    dir,
    slugs,
    users: USERS,
    password: PASSWORD,
    tokens,
    proc: server.proc,
    output: server.output,
    cli: (cmd, opts) => cli([...cmd, '--db', db], opts),
    async stop() {
      if (stopped)
        return;
      stopped = true;
      try {
        await server.stop();
      } finally {
        if (!process.env.CLUSTERDESK_TEST_KEEP)
          await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Serves an existing database: what startServer does after making one,
 * and how a test moves the day on (another server on the same file with a
 * later today, the way an operator restarts with CLUSTERDESK_TODAY).
 * Returns { base, proc, output(), stop() }; stop() sends SIGTERM, waits
 * and asserts exit code 0. The database is left in place.
 */
export async function serve({ db, today, threads = 2, env = {} }) {
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0',
                '--threads', String(threads)];
  if (today)
    args.push('--today', today);
  const proc = spawn(BIN, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const verbose = !!process.env.CLUSTERDESK_TEST_VERBOSE;
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (s) => {
    output += s;
    if (verbose)
      process.stderr.write(s);
  });
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });

  const base = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout });
    const timer = setTimeout(() => {
      reject(new Error(`the server did not say where it listens:\n${output}`));
    }, 20000);
    lines.on('line', (line) => {
      output += line + '\n';
      if (verbose)
        process.stderr.write(line + '\n');
      const m = /^clusterdesk: listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before ` +
                       `listening:\n${output}`));
    });
  });

  let stopped = false;
  return {
    base,
    proc,
    output: () => output,
    async stop() {
      if (stopped)
        return;
      stopped = true;
      proc.kill('SIGTERM');
      const { code, signal } = await exited;
      assert.equal(code, 0, `the server ended with ${code ?? signal}:\n${output}`);
    },
  };
}

/**
 * One HTTP request. opts: token (bearer), json (sent as a JSON body),
 * body (sent as is), headers. Returns { status, headers, text, json }
 * where json is the parsed body when the answer is application/json
 * (null otherwise, and for HEAD). Redirects are not followed.
 */
export async function request(base, method, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body = opts.body;
  if (opts.token)
    headers.authorization = `Bearer ${opts.token}`;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  if (text && (res.headers.get('content-type') || '').startsWith('application/json'))
    json = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * A JSON API client bound to a base URL and a token (or none):
 * get(path), post(path, json), patch(path, json), put(path, json),
 * send(method, path, opts) as request(). Paths are full: '/api/v1/...'.
 */
export function apiClient(base, token) {
  const send = (method, path, opts = {}) =>
    request(base, method, path, { token, ...opts });
  return {
    token,
    send,
    get: (path) => send('GET', path),
    post: (path, json) => send('POST', path, json === undefined ? {} : { json }),
    patch: (path, json) => send('PATCH', path, { json }),
    put: (path, json) => send('PUT', path, { json }),
  };
}

/**
 * Asserts that actual contains expected: every member of an expected
 * object must match (others are ignored), arrays must have the same
 * length and match element by element, a RegExp must match a string, a
 * function is a predicate, anything else must be strictly equal.
 */
export function assertSubset(actual, expected, where = '$') {
  if (expected instanceof RegExp) {
    assert.ok(typeof actual === 'string' && expected.test(actual),
              `${where}: ${JSON.stringify(actual)} does not match ${expected}`);
  } else if (typeof expected === 'function') {
    assert.ok(expected(actual), `${where}: ${JSON.stringify(actual)} is not ` +
              `accepted by ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ` +
              JSON.stringify(actual));
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((e, i) => assertSubset(actual[i], e, `${where}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual),
              `${where}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, v] of Object.entries(expected)) {
      assert.ok(k in actual, `${where}.${k} is missing in ${JSON.stringify(actual)}`);
      assertSubset(actual[k], v, `${where}.${k}`);
    }
  } else {
    assert.strictEqual(actual, expected, `${where}`);
  }
}

/**
 * Asserts an answer's status and, when given, a subset of its JSON body;
 * the message shows the whole answer.
 */
export function expectAnswer(res, status, json) {
  assert.equal(res.status, status,
               `expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  if (json !== undefined)
    assertSubset(res.json, json);
}

/** The value of the first hidden _csrf input in a page, or null. */
export function csrfOf(html) {
  const input = /<input\b[^>]*\bname="_csrf"[^>]*>/.exec(html);
  if (!input)
    return null;
  const value = /\bvalue="([^"]*)"/.exec(input[0]);
  return value ? decodeEntities(value[1]) : null;
}

/** Undoes the escapes the HTML writer makes (& < > " '). */
export function decodeEntities(s) {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (m, e) => ({
    amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'",
  })[e]);
}

/**
 * A browser-like client for the pages: keeps cookies (cd_pre,
 * cd_session, ...) and the session's CSRF token, which it reads from
 * every page it gets. Answers are { status, headers, text, location }.
 * Redirects are not followed: look at status 303 and location.
 */
export class PageClient {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keepCookies(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (gone)
        this.cookies.delete(name);
      else
        this.cookies.set(name, value);
    }
  }

  /** Any request; init as fetch's, cookies added. */
  async request(method, path, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (this.cookies.size)
      headers.cookie = this.cookieHeader();
    const res = await fetch(this.base + path,
                            { ...init, method, headers, redirect: 'manual' });
    this.keepCookies(res);
    const text = await res.text();
    const csrf = csrfOf(text);
    if (csrf)
      this.csrf = csrf;
    return { status: res.status, headers: res.headers, text,
             location: res.headers.get('location') };
  }

  get(path) {
    return this.request('GET', path);
  }

  /**
   * POSTs fields (an object; array values repeat the field) as
   * application/x-www-form-urlencoded, or as multipart/form-data with
   * { multipart: true } (values may then be Blobs, e.g. an uploaded file:
   * new File([text], 'orgs.csv', { type: 'text/csv' })).
   * csrf: true (default) adds the session's _csrf, fetching '/' first if
   * no page has shown it yet; false sends none; a string sends that.
   */
  async post(path, fields = {}, { csrf = true, multipart = false } = {}) {
    const all = { ...fields };
    if (csrf === true) {
      if (!this.csrf)
        await this.get('/');
      all._csrf = this.csrf;
    } else if (typeof csrf === 'string') {
      all._csrf = csrf;
    }
    let body;
    const headers = {};
    if (multipart) {
      body = new FormData();
      for (const [k, v] of Object.entries(all))
        for (const one of [].concat(v))
          body.append(k, one);
    } else {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(all))
        for (const one of [].concat(v))
          body.append(k, String(one));
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return this.request('POST', path, { body, headers });
  }

  /**
   * Fills and sends the sign-in form; answers the POST (303 to next on
   * success). Clears the known CSRF token: the session has its own.
   */
  async signIn(email, password, next = '/') {
    const form = await this.get('/signin');
    assert.equal(form.status, 200, `GET /signin: ${form.status}`);
    const pre = csrfOf(form.text);
    assert.ok(pre, 'the sign-in form has a _csrf input');
    this.csrf = null;
    return this.post('/signin', { email, password, next }, { csrf: pre });
  }
}

/**
 * Signs in through the form and returns the signed-in PageClient; throws
 * when the sign-in is not answered with a redirect and a session cookie.
 */
export async function signIn(base, email, password = PASSWORD) {
  const client = new PageClient(base);
  const res = await client.signIn(email, password);
  assert.equal(res.status, 303,
               `sign-in of ${email} answered ${res.status}: ${res.text.slice(0, 300)}`);
  assert.ok(client.cookies.get('cd_session'), 'sign-in set cd_session');
  return client;
}
