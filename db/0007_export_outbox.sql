-- ZtFleet schema 0007: the export outbox and the exporter's cursors (issue 11, docs/export.md).
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- Records on their way to SIEM destinations (syslog, webhooks). Producers (grains, the API's decision writer, the
-- audit store in the same transaction as the audit record) append; the exporter in the API reads position > cursor
-- in position order, one cursor per destination (export_cursor).
--
-- Positions must never become visible out of order: identity values of concurrent transactions commit in any
-- order, and a reader that has passed position 12 would never see a position 11 committed after it. Every append
-- therefore takes the transaction-level advisory lock PostgresExportOutbox.AppendLockKey before it inserts, so
-- appends are serialised and each commits before the next one draws its positions (docs/export.md measures the
-- cost). Retention deletes, in batches, what every destination has passed.
-- kind is ExportKind's name (Detection, Decision, ...); severity is Severity's number (0 informational .. 4
-- critical); body is the producer's JSON kept as text (jsonb would reorder its keys).
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE export_outbox (
    position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     text        NOT NULL,
    plant_id text,
    at       timestamptz NOT NULL,
    severity smallint    NOT NULL CHECK (severity BETWEEN 0 AND 4),
    body     text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------
-- One row per destination (by its configured name): how far it has delivered, and what its sender reports. Only the
-- API process holding the destination's session advisory lock sends and moves the cursor, on the connection that
-- holds the lock (a sender that lost its connection cannot move it). The status columns are what
-- ExportService.GetExportStatus shows to every API process.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE export_cursor (
    destination       text        PRIMARY KEY,
    position          bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    delivered         bigint      NOT NULL DEFAULT 0 CHECK (delivered >= 0),
    state             text        NOT NULL DEFAULT 'idle',
    holder            text,
    heartbeat_at      timestamptz,
    last_delivered_at timestamptz,
    last_error        text,
    last_error_at     timestamptz
);
