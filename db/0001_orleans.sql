-- ZtFleet schema 0001: what the Orleans 10.4.2 ADO.NET providers (invariant Npgsql) need.
--
-- Written for ZtFleet against the providers' query contract (docs/persistence.md lists the rules that matter).
-- Applied once by ZtFleet.Silo's DatabaseSchema, inside a transaction; never edit this file after it has been
-- applied anywhere: add a new numbered file instead (the applier refuses a changed file).
--
-- Objects are created unqualified, so they land in the first schema of the connection's search_path.
-- Every time is timestamptz: Orleans sends UTC DateTime values as timestamptz and reads them back as UTC.
-- Conditional writes are single statements (data-modifying CTEs): each provider call is one command without a
-- transaction, and under READ COMMITTED a guarded UPDATE gives exactly one winner among racing writers.

-- ---------------------------------------------------------------------------------------------------------
-- The query catalogue. Providers run `SELECT QueryKey, QueryText FROM OrleansQuery` unquoted, so the table and
-- its columns must resolve in lower case. Keys are case-sensitive (note UpdateIAmAlivetimeKey).
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE orleansquery (
    querykey  text PRIMARY KEY,
    querytext text NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------
-- Clustering: one version row per cluster (ClusterId, called DeploymentId by the provider) and one row per silo
-- incarnation. The version only ever rises, by exactly one per successful membership insert or update.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_cluster_version (
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_silo (
    deployment_id   text        NOT NULL REFERENCES orleans_cluster_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- ---------------------------------------------------------------------------------------------------------
-- Grain state. A state is identified by seven values (service, state name, grain id parts); the unique index
-- hashes the long strings so no key can exceed the B-tree limit, and treats a NULL key extension as a value,
-- which is what makes racing first writes (ON CONFLICT DO NOTHING) safe.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_grain_state (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id      text        NOT NULL,
    state_name      text        NOT NULL,
    state_name_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL CHECK (version > 0),
    modified_at     timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX orleans_grain_state_identity ON orleans_grain_state (
    grain_id_hash, state_name_hash, grain_id_n0, grain_id_n1,
    md5(service_id), md5(state_name), md5(grain_id_ext)
) NULLS NOT DISTINCT;

-- ---------------------------------------------------------------------------------------------------------
-- Reminders. grain_hash is the grain's uniform hash cast to a signed int; range reads compare signed values.
-- period is in milliseconds and can exceed int (periods over ~24.8 days).
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE orleans_reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

-- ---------------------------------------------------------------------------------------------------------
-- Clustering queries (9 required keys and the optional CleanupDefunctSiloEntryKey).
-- The read queries return the version on every row; a version row without members yields one row whose
-- StartTime is NULL, which the provider reads as "no member".
-- ---------------------------------------------------------------------------------------------------------
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_cluster_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*) FROM created
$q$),

('MembershipReadAllKey', $q$
SELECT v.version         AS "Version",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_silo s ON s.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadRowKey', $q$
SELECT v.version         AS "Version",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime"
FROM orleans_cluster_version v
LEFT JOIN orleans_silo s
       ON s.deployment_id = v.deployment_id
      AND s.address = @Address
      AND s.port = @Port
      AND s.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),

-- Lock the version row first (the guarded UPDATE), then insert the member: a racing loser waits on the
-- version row, re-checks the version, matches nothing and inserts nothing.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_version
    SET version = version + 1
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (
          SELECT 1 FROM orleans_silo
          WHERE deployment_id = @DeploymentId
            AND address = @Address
            AND port = @Port
            AND generation = @Generation)
    RETURNING deployment_id
), inserted AS (
    INSERT INTO orleans_silo (deployment_id, address, port, generation, silo_name, host_name, status,
                              proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) FROM inserted
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_cluster_version
    SET version = version + 1
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (
          SELECT 1 FROM orleans_silo
          WHERE deployment_id = @DeploymentId
            AND address = @Address
            AND port = @Port
            AND generation = @Generation)
    RETURNING deployment_id
), updated AS (
    UPDATE orleans_silo s
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE s.deployment_id = bumped.deployment_id
      AND s.address = @Address
      AND s.port = @Port
      AND s.generation = @Generation
    RETURNING 1
)
SELECT count(*) FROM updated
$q$),

-- Heartbeats never touch the version: they would break concurrent membership writes.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_silo
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
$q$),

('GatewaysQueryKey', $q$
SELECT address    AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_silo
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0
$q$),

-- Members go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_cluster_version
WHERE deployment_id = @DeploymentId
$q$),

-- Fallback clean-up, used only when CleanupDefunctSiloEntryKey is absent. Only Dead (6) rows, never Active.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_silo
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime
$q$),

-- Deletes one Dead row, and only if nothing changed since the provider read it. An empty suspect list comes
-- back from the provider as NULL, so NULL and '' compare equal.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_silo
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$);

-- ---------------------------------------------------------------------------------------------------------
-- Grain persistence queries. A row matches only if all seven identity values match; the hash columns lead so
-- the unique index serves every lookup, the exact string comparisons settle hash collisions.
-- Versions: 1 on the first write, +1 on every write or clear. A conflict returns no row, which the provider
-- turns into InconsistentStateException.
-- ---------------------------------------------------------------------------------------------------------
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash
  AND state_name_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- NULL version: first write, insert unless a row exists (a racing or stale first writer gets no row back).
-- Otherwise: update only the row still at the version the writer read.
('WriteToStorageKey', $q$
WITH inserted AS (
    INSERT INTO orleans_grain_state (service_id, state_name, state_name_hash, grain_id_hash, grain_id_n0,
                                     grain_id_n1, grain_id_ext, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainTypeHash, @GrainIdHash, @GrainIdN0,
           @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleans_grain_state
    SET payload = @PayloadBinary,
        version = version + 1,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND grain_id_hash = @GrainIdHash
      AND state_name_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM inserted
UNION ALL
SELECT version FROM updated
$q$),

-- Keeps the row (payload NULL) so the version keeps rising and a stale writer still conflicts.
('ClearStorageKey', $q$
UPDATE orleans_grain_state
SET payload = NULL,
    version = version + 1,
    modified_at = now()
WHERE grain_id_hash = @GrainIdHash
  AND state_name_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version
$q$),

-- Used only with DeleteStateOnClear = true. Success must return a value different from the ETag sent.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
WHERE grain_id_hash = @GrainIdHash
  AND state_name_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version + 1
$q$);

-- ---------------------------------------------------------------------------------------------------------
-- Reminder queries (all 7 required). Collection reads never return a row with a NULL GrainId.
-- ---------------------------------------------------------------------------------------------------------
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName
$q$),

-- Signed comparisons on both hash and bounds reproduce Orleans' unsigned ring range (begin, end].
('ReadRangeRows1Key', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash
$q$),

('ReadRangeRows2Key', $q$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period        AS "Period",
       version       AS "Version"
FROM orleans_reminder
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

-- Always succeeds and always returns the new version (the reminder's ETag).
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time,
    period = EXCLUDED.period,
    grain_hash = EXCLUDED.grain_hash,
    version = orleans_reminder.version + 1
RETURNING version AS "Version"
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId
      AND grain_id = @GrainId
      AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*) FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder
WHERE service_id = @ServiceId
$q$);
