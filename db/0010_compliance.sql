-- ZtFleet schema 0010: compliance assessments and the statuses of improvement actions (issue 12, docs/compliance.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- One row per stored assessment, written only by the compliance grain of its scope (ComplianceGrain: a plant id, or
-- 'fleet'), on its schedule or on demand. id is time-ordered within a scope ("asm-" + the assessment's time in
-- milliseconds as 12 hex digits + a random suffix), so listing newest first and paging by id need no other column.
-- The summary columns serve listings and the trend without reading the assessment:
--   zones / zones_at_target       zones assessed, and those whose SL-A reaches SL-T on every FR
--   requirements_failing          zone and conduit requirements not met or not attested
--   controls_applicable / _implemented   Annex A controls applicable, and implemented or attested
--   maturity                      {"Identity": "Initial", ...}: each pillar's stage
-- state is the assessment's comparable items ({"sl/berlin/cell-1/fr1": "2", "req/...": "NotMet", ...}), read for
-- "since when" over the series; assessment is the whole assessment (System.Text.Json, ZtFleetSerialization.JsonOptions).
-- Assessments are never changed; there is no retention yet (one a day per scope is small).
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE compliance_assessment (
    id                    text        PRIMARY KEY,
    scope                 text        NOT NULL,
    at                    timestamptz NOT NULL,
    fleet_version         bigint      NOT NULL CHECK (fleet_version >= 0),
    zones                 integer     NOT NULL CHECK (zones >= 0),
    zones_at_target       integer     NOT NULL CHECK (zones_at_target >= 0 AND zones_at_target <= zones),
    requirements_failing  integer     NOT NULL CHECK (requirements_failing >= 0),
    controls_applicable   integer     NOT NULL CHECK (controls_applicable >= 0),
    controls_implemented  integer     NOT NULL CHECK (controls_implemented >= 0 AND controls_implemented <= controls_applicable),
    maturity              jsonb       NOT NULL,
    state                 jsonb       NOT NULL,
    assessment            jsonb       NOT NULL
);

CREATE INDEX compliance_assessment_listing ON compliance_assessment (scope, id DESC);

-- ---------------------------------------------------------------------------------------------------------
-- The status people set on each improvement action, by the action's stable id (act-<16 hex>: the same gap at the
-- same plant keeps its id across assessments, so its status persists). plant_id is the action's plant (NULL: a
-- fleet-wide action). An accepted risk carries risk_accepted_until; once it has passed the plan shows the action as
-- proposed again (the row keeps what was set). A row exists only once someone set a status.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE compliance_action_status (
    action_id            text        PRIMARY KEY,
    plant_id             text,
    status               text        NOT NULL CHECK (status IN ('proposed', 'accepted', 'in-progress', 'done', 'risk-accepted')),
    changed_by           text        NOT NULL,
    changed_at           timestamptz NOT NULL,
    note                 text,
    risk_accepted_until  timestamptz,
    CHECK ((status = 'risk-accepted') = (risk_accepted_until IS NOT NULL))
);

-- Every status change, in order: who set what, when, why, and until when. Never changed or removed.
CREATE TABLE compliance_action_status_change (
    sequence             bigserial   PRIMARY KEY,
    action_id            text        NOT NULL,
    plant_id             text,
    status               text        NOT NULL CHECK (status IN ('proposed', 'accepted', 'in-progress', 'done', 'risk-accepted')),
    changed_by           text        NOT NULL,
    changed_at           timestamptz NOT NULL,
    note                 text,
    risk_accepted_until  timestamptz
);

CREATE INDEX compliance_action_status_change_action ON compliance_action_status_change (action_id, sequence);
