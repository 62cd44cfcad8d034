-- ZtFleet schema 0003: the acknowledgement history of enforcement points, one row per acknowledgement.
-- Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- When each enforcement point said it had applied every delta up to an epoch: what answers "when did this
-- point apply that revocation". It used to live in the point's grain state, rewritten whole (up to 10,000
-- entries) on every acknowledgement; a row per acknowledgement costs what the acknowledgement is. The grain
-- keeps the newest 10,000 per point and deletes older ones now and then.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE enforcement_acknowledgement (
    point_id text        NOT NULL,
    epoch    bigint      NOT NULL CHECK (epoch >= 0),
    at       timestamptz NOT NULL,
    PRIMARY KEY (point_id, epoch)
);
