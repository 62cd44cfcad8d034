-- ZtFleet schema 0004: detections, one row per detection (issue 10, docs/detections.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- What the detectors found, deduplicated: findings with the same key while a detection of that key is in force
-- (open or acknowledged) add to it (count, last_seen, evidence) instead of adding a row. The plant monitor grain
-- is the only writer of a plant's rows; it numbers them (seq) and numbers every change (revision) so a watcher
-- resumes after the last revision it saw. Names are kebab-case (type function-code-outside-baseline, status
-- acknowledged, severity high). Rows are updated by triage (acknowledged, closed, learned), never deleted here.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE detection (
    id              text        PRIMARY KEY,
    plant_id        text        NOT NULL,
    seq             bigint      NOT NULL CHECK (seq > 0),
    revision        bigint      NOT NULL CHECK (revision > 0),
    type            text        NOT NULL,
    severity        text        NOT NULL,
    severity_rank   smallint    NOT NULL CHECK (severity_rank BETWEEN 1 AND 4),
    status          text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed', 'learned')),
    asset_id        text,
    zone_id         text,
    identity_id     text,
    source_ip       text,
    technique       text,
    key             text        NOT NULL,
    summary         text        NOT NULL,
    evidence        text[]      NOT NULL,
    count           bigint      NOT NULL CHECK (count > 0),
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    closed_by       text,
    closed_at       timestamptz,
    close_reason    text,
    -- The whole finding as JSON (source host, technique name, learnable data): what the columns above index.
    finding         jsonb       NOT NULL,
    UNIQUE (plant_id, seq)
);

-- One detection in force per key and plant: a second writer (a split brain) cannot open a duplicate.
CREATE UNIQUE INDEX detection_in_force_key ON detection (plant_id, key) WHERE status IN ('open', 'acknowledged');

-- Listing newest first with filters, and a watcher's replay by revision.
CREATE INDEX detection_plant_status ON detection (plant_id, status, seq DESC);
CREATE INDEX detection_plant_type ON detection (plant_id, type, seq DESC);
CREATE INDEX detection_plant_asset ON detection (plant_id, asset_id, seq DESC) WHERE asset_id IS NOT NULL;
CREATE INDEX detection_plant_identity ON detection (plant_id, identity_id, seq DESC) WHERE identity_id IS NOT NULL;
CREATE INDEX detection_plant_zone ON detection (plant_id, zone_id, seq DESC) WHERE zone_id IS NOT NULL;
CREATE INDEX detection_plant_last_seen ON detection (plant_id, last_seen);
CREATE INDEX detection_plant_revision ON detection (plant_id, revision);
