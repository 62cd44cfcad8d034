-- ZtFleet schema 0008: fleet versions, one row per committed apply of a fleet document (issue 12, docs/fleet-versions.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- Every apply the fleet grain decides (ApplyFleet, ImportAssetsCsv, RollbackFleet) is a fleet version: its number
-- (the fleet generation the apply produced: 1, 2, ...), the whole resulting fleet document as FleetDocumentWriter
-- writes it, stored as the ordered list of its parts' hashes (parts below), the document hash (lowercase hex: SHA-256
-- over the part hashes, docs/fleet-versions.md), who, when, why, the change ticket, and how many entities it added,
-- changed and removed. The fleet grain is the only writer, in two steps that follow the apply's own two phases:
--   staged   (recorded = false) before the apply is decided: invisible; staging the same apply again replaces it;
--   recorded (recorded = true)  by the commit round, after the decision is durable and before the apply stops being
--            pending (retried with it, and idempotent), which also drops the staged rows of applies that were never
--            decided. Readers see recorded rows only.
-- A recorded version is never changed or removed (the trigger below); a number belongs to one recorded version.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE fleet_version (
    apply_id      uuid        PRIMARY KEY,
    version       bigint      NOT NULL CHECK (version > 0),
    recorded      boolean     NOT NULL DEFAULT false,
    document_hash text        NOT NULL CHECK (document_hash ~ '^[0-9a-f]{64}$'),
    actor         text        NOT NULL,
    at            timestamptz NOT NULL,
    reason        text,
    ticket        text,
    source        text        NOT NULL CHECK (source IN ('apply', 'import', 'rollback')),
    rollback_of   bigint      CHECK (rollback_of > 0),
    added         integer     NOT NULL CHECK (added >= 0),
    changed       integer     NOT NULL CHECK (changed >= 0),
    removed       integer     NOT NULL CHECK (removed >= 0),
    parts         text[]      NOT NULL CHECK (cardinality(parts) > 0)
);

-- ---------------------------------------------------------------------------------------------------------
-- The documents' parts, content-addressed: the head (name, policy, trust, roles), one part per plant, the identities
-- in chunks (the split rule: docs/fleet-versions.md, "Parts"). A part's text is stored once, whatever number of
-- versions name it (INSERT ... ON CONFLICT DO NOTHING), so an apply that changes one plant stores one plant part.
-- A version's document is the concatenation of its parts in the order of fleet_version.parts. Parts are never
-- changed or removed (a part of a staged version that was never decided stays, unnamed).
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE fleet_version_part (
    hash text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    text text NOT NULL
);

-- One recorded version per number, and listing newest first.
CREATE UNIQUE INDEX fleet_version_number ON fleet_version (version) WHERE recorded;

CREATE FUNCTION fleet_version_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'TRUNCATE' OR OLD.recorded THEN
        RAISE EXCEPTION 'fleet_version: a recorded version is never changed or removed (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Roll back with RollbackFleet: it records a new version.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;

CREATE TRIGGER fleet_version_recorded_unchanged
    BEFORE UPDATE OR DELETE ON fleet_version
    FOR EACH ROW EXECUTE FUNCTION fleet_version_refuse_change();

CREATE TRIGGER fleet_version_no_truncate
    BEFORE TRUNCATE ON fleet_version
    FOR EACH STATEMENT EXECUTE FUNCTION fleet_version_refuse_change();

CREATE FUNCTION fleet_version_part_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'fleet_version_part: a stored part is never changed or removed (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER fleet_version_part_unchanged
    BEFORE UPDATE OR DELETE ON fleet_version_part
    FOR EACH ROW EXECUTE FUNCTION fleet_version_part_refuse_change();

CREATE TRIGGER fleet_version_part_no_truncate
    BEFORE TRUNCATE ON fleet_version_part
    FOR EACH STATEMENT EXECUTE FUNCTION fleet_version_part_refuse_change();
