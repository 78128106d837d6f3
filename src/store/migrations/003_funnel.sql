-- The recruitment funnel, the activity timeline, events and working
-- groups. A lead's stage (cold, warm, member, do not contact) is derived
-- from dated facts and the day, never stored: the activities that are
-- interest signals, the memberships, and the day it asked not to be
-- contacted. warm_period and activity_month are indexes of those facts
-- kept by the store in the same transaction, so the
-- funnel of 50,000 leads and a million activities reads a few thousand
-- rows instead of a million.

-- One row per cluster once saved; absent means the defaults of
-- core/lead.h (90 days; e-mail reply, meeting, enquiry, attendance).
CREATE TABLE funnel_settings (
    cluster_id   INTEGER PRIMARY KEY REFERENCES cluster(id),
    warm_days    INTEGER NOT NULL DEFAULT 90 CHECK (warm_days BETWEEN 1 AND 730),
    signal_kinds TEXT NOT NULL, -- activity kinds, comma-separated
    timezone     TEXT NOT NULL DEFAULT 'Europe/Berlin', -- of event times
    updated_at   TEXT NOT NULL
);

-- Every organisation is a lead while it is not a member: this row holds
-- what the funnel knows of it beyond the register. A trigger adds it
-- with the organisation, so no path that creates organisations forgets.
CREATE TABLE lead (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisation(id),
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    source          TEXT NOT NULL DEFAULT '', -- how it came: "trade fair"
    owner_id        INTEGER REFERENCES app_user(id),
    since           TEXT NOT NULL,            -- in the base from this day
    dnc_on          TEXT NOT NULL DEFAULT '', -- asked not to be contacted
    dnc_reason      TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);
CREATE INDEX lead_cluster ON lead(cluster_id, since);
CREATE INDEX lead_owner ON lead(owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX lead_dnc ON lead(cluster_id, dnc_on) WHERE dnc_on <> '';

CREATE TRIGGER organisation_lead AFTER INSERT ON organisation
BEGIN
    INSERT INTO lead (organisation_id, cluster_id, since, updated_at)
    VALUES (NEW.id, NEW.cluster_id, substr(NEW.created_at, 1, 10),
            NEW.created_at);
END;

INSERT INTO lead (organisation_id, cluster_id, since, updated_at)
SELECT id, cluster_id, substr(created_at, 1, 10), created_at
FROM organisation;

CREATE TABLE activity (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    contact_id      INTEGER REFERENCES contact(id),
    kind            TEXT NOT NULL CHECK (kind IN ('email_out', 'email_reply',
                    'call', 'meeting', 'visit', 'event_registration',
                    'event_attendance', 'social', 'enquiry', 'note')),
    day             TEXT NOT NULL,            -- YYYY-MM-DD
    text            TEXT NOT NULL DEFAULT '',
    -- 1 when kind is an interest signal under the cluster's settings;
    -- rewritten with the settings.
    signal          INTEGER NOT NULL DEFAULT 0,
    author_id       INTEGER REFERENCES app_user(id), -- NULL: command line
    author          TEXT NOT NULL,            -- the author's name then
    registration_id INTEGER,                  -- written by an event
    created_at      TEXT NOT NULL
);
-- The timeline of an organisation and of a contact, newest first.
CREATE INDEX activity_org ON activity(organisation_id, day, id);
CREATE INDEX activity_contact ON activity(contact_id, day, id)
    WHERE contact_id IS NOT NULL;
CREATE INDEX activity_cluster ON activity(cluster_id, day, id);
-- The signals of an organisation, from which its warm periods come.
CREATE INDEX activity_signal ON activity(organisation_id, day) WHERE signal = 1;
CREATE INDEX activity_registration ON activity(registration_id)
    WHERE registration_id IS NOT NULL;

-- An organisation's warm periods: each signal warms it from its day
-- through day + warm_days; overlapping or touching periods are merged.
-- Cold from the day after warm_until (unless a member or do not contact).
CREATE TABLE warm_period (
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    warm_from       TEXT NOT NULL,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    warm_until      TEXT NOT NULL,
    PRIMARY KEY (organisation_id, warm_from)
) WITHOUT ROWID;
CREATE INDEX warm_period_cluster
    ON warm_period(cluster_id, warm_until, warm_from, organisation_id);

-- Activities per month and kind: outreach by channel without counting a
-- million rows. Kept by store/activity.c, the only writer of activities,
-- in the transaction of each write (an import adds its counts at once:
-- a trigger would cost a third of a large import).
CREATE TABLE activity_month (
    cluster_id INTEGER NOT NULL,
    month      TEXT NOT NULL, -- YYYY-MM
    kind       TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, month, kind)
) WITHOUT ROWID;

CREATE TABLE working_group (
    id                     INTEGER PRIMARY KEY,
    cluster_id             INTEGER NOT NULL REFERENCES cluster(id),
    name                   TEXT NOT NULL,
    name_key               TEXT NOT NULL,
    topic                  TEXT NOT NULL DEFAULT '',
    coordinator_contact_id INTEGER REFERENCES contact(id),
    description            TEXT NOT NULL DEFAULT '',
    archived               INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    UNIQUE (cluster_id, name_key)
);

-- An organisation in a group, and optionally which of its contacts.
CREATE TABLE working_group_member (
    id               INTEGER PRIMARY KEY,
    cluster_id       INTEGER NOT NULL REFERENCES cluster(id),
    working_group_id INTEGER NOT NULL REFERENCES working_group(id),
    organisation_id  INTEGER NOT NULL REFERENCES organisation(id),
    contact_id       INTEGER REFERENCES contact(id),
    joined_on        TEXT NOT NULL
);
CREATE UNIQUE INDEX working_group_member_once ON working_group_member(
    working_group_id, organisation_id, ifnull(contact_id, 0));
CREATE INDEX working_group_member_org ON working_group_member(organisation_id);

CREATE TABLE event (
    id               INTEGER PRIMARY KEY,
    cluster_id       INTEGER NOT NULL REFERENCES cluster(id),
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('seminar', 'matchmaking',
                     'trade_fair', 'company_visit', 'vip', 'working_group',
                     'general_assembly', 'cluster_day')),
    starts_at        TEXT NOT NULL, -- YYYY-MM-DDTHH:MM, the cluster's time
    ends_at          TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    online_url       TEXT NOT NULL DEFAULT '',
    capacity         INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0), -- 0: no limit
    member_fee       INTEGER NOT NULL DEFAULT 0 CHECK (member_fee >= 0),
    nonmember_fee    INTEGER NOT NULL DEFAULT 0 CHECK (nonmember_fee >= 0),
    description      TEXT NOT NULL DEFAULT '',
    working_group_id INTEGER REFERENCES working_group(id),
    public           INTEGER NOT NULL DEFAULT 1, -- open to public registration
    cancelled        INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX event_cluster ON event(cluster_id, starts_at);
CREATE INDEX event_group ON event(working_group_id, starts_at)
    WHERE working_group_id IS NOT NULL;

CREATE TABLE registration (
    id              INTEGER PRIMARY KEY,
    cluster_id      INTEGER NOT NULL REFERENCES cluster(id),
    event_id        INTEGER NOT NULL REFERENCES event(id),
    organisation_id INTEGER NOT NULL REFERENCES organisation(id),
    contact_id      INTEGER REFERENCES contact(id),
    name            TEXT NOT NULL,            -- the person, as registered
    email           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('registered',
                    'waitlisted', 'attended', 'no_show', 'cancelled')),
    member          INTEGER NOT NULL,         -- a member when registering
    fee             INTEGER NOT NULL DEFAULT 0 CHECK (fee >= 0),
    paid_on         TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT 'staff'
                    CHECK (source IN ('staff', 'public')),
    -- The personal satisfaction link's secret (base64url, 256 bits).
    token           TEXT NOT NULL UNIQUE,
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT NOT NULL DEFAULT '',
    rated_at        TEXT NOT NULL DEFAULT '',
    registered_at   TEXT NOT NULL,            -- the waitlist's order
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX registration_event ON registration(event_id, status, id);
CREATE INDEX registration_org ON registration(organisation_id);
-- A person registers for an event once (again after cancelling).
CREATE UNIQUE INDEX registration_once ON registration(event_id, email)
    WHERE email <> '' AND status <> 'cancelled';
