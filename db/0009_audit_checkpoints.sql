-- ZtFleet schema 0009: signed checkpoints of the audit chains (docs/audit.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- At a fixed interval each audit chain's grain signs its head (scope, seq, hash, time) with the operator's key
-- (ZtFleet:Audit:SigningKey) and keeps the signature here, so a copy of the records can be verified later by
-- anyone with the public key, and a cut tail is seen even after every silo restarted. A checkpoint is written only
-- when the head moved. signature signs the canonical text of docs/audit.md, DER-encoded for ECDSA.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE audit_checkpoint (
    scope     text        NOT NULL,
    seq       bigint      NOT NULL CHECK (seq >= 1),
    hash      bytea       NOT NULL,
    at        timestamptz NOT NULL,
    algorithm text        NOT NULL,
    key_id    text        NOT NULL,
    signature bytea       NOT NULL,
    PRIMARY KEY (scope, seq)
);

-- Append-only, as audit_record (the same refusing function).
CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_record_refuse_change();

CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_refuse_change();
