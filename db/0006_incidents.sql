-- ZtFleet schema 0006: the fleet's incidents (docs/incidents.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- One row per incident, written only by the correlator grain (IncidentCorrelatorGrain, one per fleet). The columns
-- serve the filters of IncidentService/ListIncidents and the watch (revision); body keeps the whole incident
-- (System.Text.Json with ZtFleetSerialization.JsonOptions: timeline, entities, zone path). revision is the fleet's
-- change counter: every change of an incident gives it the next one. A merged incident stays, closed, with
-- merged_into naming the one that took its parts.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE incident (
    id            text        PRIMARY KEY,
    revision      bigint      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('open', 'investigating', 'closed')),
    severity_rank smallint    NOT NULL CHECK (severity_rank BETWEEN 1 AND 4),
    opened        timestamptz NOT NULL,
    updated       timestamptz NOT NULL,
    plants        text[]      NOT NULL,
    identities    text[]      NOT NULL,
    assets        text[]      NOT NULL,
    owner         text,
    merged_into   text,
    body          jsonb       NOT NULL
);

CREATE INDEX incident_revision ON incident (revision);
CREATE INDEX incident_listing ON incident (opened DESC, id DESC);
CREATE INDEX incident_active ON incident (updated) WHERE status <> 'closed';
CREATE INDEX incident_plants ON incident USING gin (plants);
CREATE INDEX incident_identities ON incident USING gin (identities);
CREATE INDEX incident_assets ON incident USING gin (assets);

-- Per plant, the last detection revision the correlator has taken in: after a lost call or a restart it reads the
-- detections changed after it (detection.revision) and loses nothing.
CREATE TABLE incident_cursor (
    plant_id text   PRIMARY KEY,
    revision bigint NOT NULL CHECK (revision >= 0)
);

-- The correlator's counters: the last incident number (inc-{n}) and the last revision. One row.
CREATE TABLE incident_counter (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    sequence  bigint  NOT NULL CHECK (sequence >= 0),
    revision  bigint  NOT NULL CHECK (revision >= 0)
);
