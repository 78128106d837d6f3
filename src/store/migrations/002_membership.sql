-- Membership, fees and targets: the price list (tiers), memberships with
-- their tier history and associates' services in kind, invoices with
-- their instalments, payments and credit notes, and each fiscal year's
-- targets, budget and expected income. Statuses (applicant, active, in
-- grace, lapsed; open, paid, overdue) are derived from these facts and
-- the day, never stored.

-- One row per cluster once its settings were saved; absent means the
-- defaults of core/fees.h.
CREATE TABLE cluster_settings (
    cluster_id           INTEGER PRIMARY KEY REFERENCES cluster(id),
    currency             TEXT NOT NULL DEFAULT 'EUR',
    fy_start_month       INTEGER NOT NULL DEFAULT 1
                         CHECK (fy_start_month BETWEEN 1 AND 12),
    instalment_threshold INTEGER NOT NULL CHECK (instalment_threshold >= 0),
    prorata              INTEGER NOT NULL DEFAULT 1,
    grace_days           INTEGER NOT NULL DEFAULT 60,
    legal_name           TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    website              TEXT NOT NULL DEFAULT '',
    vat_id               TEXT NOT NULL DEFAULT '',
    bank_account         TEXT NOT NULL DEFAULT '',
    benefits             TEXT NOT NULL DEFAULT '', -- what membership gives
    updated_at           TEXT NOT NULL
);

CREATE TABLE tier (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL, -- folded: one tier of a name per cluster
    annual_fee  INTEGER NOT NULL CHECK (annual_fee >= 0),
    kinds       INTEGER NOT NULL DEFAULT 0, -- bit set of org kinds
    associate   INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (cluster_id, name_key)
);

CREATE TABLE membership (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    tier_id         INTEGER NOT NULL REFERENCES tier(id),
    applied_on      TEXT NOT NULL,
    joined_on       TEXT NOT NULL DEFAULT '',
    ended_on        TEXT NOT NULL DEFAULT '',
    declined_on     TEXT NOT NULL DEFAULT '',
    end_reason      TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'staff'
                    CHECK (source IN ('staff', 'application')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX membership_cluster ON membership(cluster_id, joined_on);
CREATE INDEX membership_org ON membership(organisation_id);
-- An organisation has at most one membership that is not over.
CREATE UNIQUE INDEX membership_open ON membership(organisation_id)
    WHERE ended_on = '' AND declined_on = '';
-- Counting the current memberships (not declined, not ended by a day),
-- in all or per tier, without visiting the table; and a tier's
-- memberships for lists by tier.
CREATE INDEX membership_current
    ON membership(cluster_id, declined_on, tier_id, ended_on, joined_on);
CREATE INDEX membership_tier_ref ON membership(tier_id);

-- The tiers a membership had, from which day: its history across years.
CREATE TABLE membership_tier (
    id            INTEGER PRIMARY KEY,
    cluster_id    INTEGER NOT NULL REFERENCES cluster(id),
    membership_id INTEGER NOT NULL REFERENCES membership(id),
    tier_id       INTEGER NOT NULL REFERENCES tier(id),
    annual_fee    INTEGER NOT NULL,
    valid_from    TEXT NOT NULL
);
CREATE INDEX membership_tier_membership
    ON membership_tier(membership_id, valid_from);

CREATE TABLE service_in_kind (
    id            INTEGER PRIMARY KEY,
    cluster_id    INTEGER NOT NULL REFERENCES cluster(id),
    membership_id INTEGER NOT NULL REFERENCES membership(id),
    description   TEXT NOT NULL,
    value         INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    given_on      TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX service_in_kind_membership ON service_in_kind(membership_id);

-- Invoice and credit-note numbers: one gapless sequence per cluster,
-- taken inside the transaction that writes the document.
CREATE TABLE invoice_counter (
    cluster_id  INTEGER PRIMARY KEY REFERENCES cluster(id),
    last_number INTEGER NOT NULL
);

CREATE TABLE invoice (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    number          INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'invoice'
                    CHECK (kind IN ('invoice', 'credit_note')),
    credits         INTEGER REFERENCES invoice(id), -- a credit note's invoice
    membership_id   INTEGER NOT NULL REFERENCES membership(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    fiscal_year     INTEGER NOT NULL,
    issued_on       TEXT NOT NULL,
    currency        TEXT NOT NULL,
    total           INTEGER NOT NULL, -- negative for a credit note
    tier_name       TEXT NOT NULL,
    bill_to         TEXT NOT NULL DEFAULT '', -- the organisation as billed
    reason          TEXT NOT NULL DEFAULT '', -- a credit note's reason
    created_at      TEXT NOT NULL,
    UNIQUE (cluster_id, number)
);
-- Covering what the fee book reads of a cluster's invoices, so the
-- dashboard's load of 50,000 of them never visits the table.
CREATE INDEX invoice_cluster
    ON invoice(cluster_id, fiscal_year, kind, membership_id, issued_on);
CREATE INDEX invoice_org ON invoice(organisation_id);
-- Dues generation is idempotent: one invoice per membership and year.
CREATE UNIQUE INDEX invoice_membership_year ON invoice(membership_id, fiscal_year)
    WHERE kind = 'invoice';
CREATE UNIQUE INDEX invoice_credited ON invoice(credits)
    WHERE credits IS NOT NULL;

CREATE TABLE invoice_instalment (
    invoice_id   INTEGER NOT NULL REFERENCES invoice(id),
    seq          INTEGER NOT NULL,
    cluster_id   INTEGER NOT NULL REFERENCES cluster(id),
    due_on       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    PRIMARY KEY (invoice_id, seq)
) WITHOUT ROWID;
CREATE INDEX invoice_instalment_due ON invoice_instalment(cluster_id, due_on,
    amount, period_start, period_end); -- covering, for the fee book

CREATE TABLE payment (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    invoice_id  INTEGER NOT NULL REFERENCES invoice(id),
    paid_on     TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    method      TEXT NOT NULL
                CHECK (method IN ('bank_transfer', 'card', 'cash', 'other')),
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
-- Both covering: an invoice's paid sum on a day, and the fee book.
CREATE INDEX payment_invoice ON payment(invoice_id, paid_on, amount);
CREATE INDEX payment_cluster
    ON payment(cluster_id, paid_on, invoice_id, amount);

CREATE TABLE fiscal_target (
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    fiscal_year INTEGER NOT NULL,
    members     INTEGER NOT NULL DEFAULT 0,
    -- JSON object of member targets per organisation kind: {"sme": 20}
    by_kind     TEXT NOT NULL DEFAULT '{}',
    budget      INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (cluster_id, fiscal_year)
) WITHOUT ROWID;

CREATE TABLE income_line (
    id          INTEGER PRIMARY KEY,
    cluster_id  INTEGER NOT NULL REFERENCES cluster(id),
    fiscal_year INTEGER NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('membership_fees', 'events',
                'paid_services', 'projects', 'public_funding', 'sponsorship')),
    label       TEXT NOT NULL DEFAULT '',
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    is_private  INTEGER NOT NULL
);
CREATE INDEX income_line_year ON income_line(cluster_id, fiscal_year);

-- The cluster's latest changes (the dashboard, the history page) walk
-- the audit trail newest first; with thousands of payments and
-- memberships a sort of the whole trail would cost tens of ms a view.
CREATE INDEX audit_cluster ON audit(cluster_id, id);
