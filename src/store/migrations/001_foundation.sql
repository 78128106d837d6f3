-- The foundation: clusters, users and their sessions and tokens, the
-- member registry (organisations, tags, contacts) and the audit trail.
-- Every row of cluster data carries cluster_id; every query filters on it.

CREATE TABLE cluster (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE app_user (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'board')),
    pw_hash     TEXT NOT NULL,
    disabled    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX app_user_cluster ON app_user(cluster_id);

-- Session and API tokens are stored as SHA-256 hashes: a copy of the
-- database does not let anyone sign in.
CREATE TABLE session (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    token_hash  BLOB NOT NULL UNIQUE,
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked     INTEGER NOT NULL DEFAULT 0
);

-- Failed sign-ins, kept 15 minutes, to throttle per account and per address.
CREATE TABLE login_failure (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL,
    addr        TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX login_failure_email ON login_failure(email, at);
CREATE INDEX login_failure_addr ON login_failure(addr, at);

CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,  -- folded name: sorting and duplicates
    kind            TEXT NOT NULL,
    employees       INTEGER,
    nace            TEXT NOT NULL DEFAULT '',
    nace_version    TEXT NOT NULL DEFAULT 'NACE Rev. 2',
    country         TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    registration_no TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    -- The tags in order, joined by U+001F: what lists show, kept with
    -- organisation_tag (which filters) in the same transaction.
    tags            TEXT NOT NULL DEFAULT '',
    search          TEXT NOT NULL DEFAULT '',  -- folded text for q
    archived        INTEGER NOT NULL DEFAULT 0,
    archived_at     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX organisation_list ON organisation(cluster_id, archived, name_key);
CREATE INDEX organisation_name ON organisation(cluster_id, name_key);
CREATE INDEX organisation_regno ON organisation(cluster_id, registration_no)
    WHERE registration_no <> '';

CREATE TABLE organisation_tag (
    cluster_id      INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    position        INTEGER NOT NULL,
    tag             TEXT NOT NULL,
    tag_key         TEXT NOT NULL,
    PRIMARY KEY (organisation_id, position)
) WITHOUT ROWID;  -- read by organisation, in order: clustered on that
CREATE INDEX organisation_tag_key ON organisation_tag(cluster_id, tag_key, tag);

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    position        TEXT NOT NULL DEFAULT '',
    entry_point     INTEGER NOT NULL DEFAULT 0,
    email_consent   INTEGER NOT NULL DEFAULT 0,
    consent_date    TEXT NOT NULL DEFAULT '',
    consent_source  TEXT NOT NULL DEFAULT '',
    search          TEXT NOT NULL DEFAULT '',
    archived        INTEGER NOT NULL DEFAULT 0,
    archived_at     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX contact_list ON contact(cluster_id, archived, name_key);
CREATE INDEX contact_org ON contact(organisation_id, archived, name_key);
-- One entry point per organisation among its current contacts.
CREATE UNIQUE INDEX contact_entry_point ON contact(organisation_id)
    WHERE entry_point = 1 AND archived = 0;

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    user_id     INTEGER,            -- NULL: the command line
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL,      -- create, update, archive, restore, ...
    entity      TEXT NOT NULL,      -- organisation, contact, user, ...
    entity_id   INTEGER NOT NULL,
    before      TEXT,               -- JSON, NULL on create
    after       TEXT                -- JSON, NULL on delete
);
CREATE INDEX audit_entity ON audit(cluster_id, entity, entity_id, id);

-- A CSV file between its preview and its import, so the confirmed import
-- is exactly the file that was previewed.
CREATE TABLE upload (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    user_id     INTEGER NOT NULL,
    filename    TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);
