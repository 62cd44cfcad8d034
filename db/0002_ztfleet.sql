-- ZtFleet schema 0002: ZtFleet's own tables, beside the Orleans ones.
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- The plant delta log: the source of truth for propagation. The Plant grain assigns each change the next
-- epoch of its plant (gap-free, strictly increasing) and persists it here before anyone is told. Streams are
-- only the fast path; API plant views and enforcement points resync from this table.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE plant_delta (
    plant_id        text        NOT NULL,
    epoch           bigint      NOT NULL CHECK (epoch >= 0),
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL,
    idempotency_key text        NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Two appends of the same epoch (a stale or duplicate Plant activation) collide here.
    PRIMARY KEY (plant_id, epoch)
);

-- A retried command carries the same key and must not append twice.
CREATE UNIQUE INDEX plant_delta_idempotency ON plant_delta (plant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------------
-- The audit log, one hash chain per scope (a plant id, or 'fleet' for fleet-wide events). Each record carries
-- the hash of the previous record of its chain (prev_hash; 32 zero bytes for the first) and its own hash over
-- its fields, so editing, inserting or deleting a record is detectable; the table itself only ever grows.
-- The primary key (scope, seq) refuses a second record at the same place in a chain. detail is text, not
-- jsonb: the hash covers the exact text, which jsonb would normalise.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE audit_record (
    scope     text        NOT NULL,
    seq       bigint      NOT NULL CHECK (seq >= 1),
    plant_id  text        NULL,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    target    text        NOT NULL,
    outcome   text        NOT NULL,
    detail    text        NOT NULL DEFAULT '{}',
    prev_hash bytea       NOT NULL,
    hash      bytea       NOT NULL,
    PRIMARY KEY (scope, seq)
);

CREATE INDEX audit_record_plant_at ON audit_record (plant_id, at);
CREATE INDEX audit_record_at ON audit_record (at);

-- Append-only: UPDATE, DELETE and TRUNCATE raise. Even the owner must drop the trigger first, which is
-- a visible, deliberate act (and one an auditor can look for in the server log).
CREATE FUNCTION audit_record_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit records are never changed or removed; append a correcting record instead.';
END
$fn$;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuse_change();
