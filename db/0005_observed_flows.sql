-- ZtFleet schema 0005: the flows a plant's telemetry has shown, one row per plant and flow key.
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- The observed flow grain of a plant (ObservedFlowGrain) keeps the summaries in memory and writes what changed
-- every few seconds as increments: an upsert that adds events, dropped and per-operation counts and widens the
-- first/last seen span, so two activations of the same grain (a short overlap after a silo failure) add up instead
-- of overwriting each other. The flow map reads them back on activation. The grain bounds the rows per plant
-- (100,000 by default) and counts what it did not keep.
-- flow_key is ObservedFlow.Key: "<source>><destination>:<port>/<transport>/<protocol>", each end an asset id or
-- "[address]" for an uninventoried host.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE observed_flow (
    plant_id          text        NOT NULL,
    flow_key          text        NOT NULL,
    source_ip         text        NOT NULL,
    source_asset      text,
    source_zone       text,
    destination_ip    text        NOT NULL,
    destination_port  integer     CHECK (destination_port BETWEEN 0 AND 65535),
    destination_asset text,
    destination_zone  text,
    transport         text        NOT NULL,
    protocol          text,
    operations        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    events            bigint      NOT NULL CHECK (events >= 0),
    dropped           bigint      NOT NULL CHECK (dropped >= 0),
    first_seen        timestamptz NOT NULL,
    last_seen         timestamptz NOT NULL,
    PRIMARY KEY (plant_id, flow_key)
);
