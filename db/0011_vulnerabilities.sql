-- ZtFleet schema 0011: imported CSAF 2.0 advisories and the known vulnerabilities they give assets
-- (docs/vulnerabilities.md). Never edit after it has been applied anywhere; add a new numbered file instead.

-- ---------------------------------------------------------------------------------------------------------
-- One row per advisory, identified as CSAF identifies documents: the publisher's namespace and the tracking id.
-- A newer revision replaces the row (and, in the same transaction, every match of the advisory). The document is
-- kept as imported, so matches can be recomputed when a plant's inventory changes.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE vulnerability_advisory (
    publisher_namespace text             NOT NULL,
    advisory_id         text             NOT NULL,
    publisher           text             NOT NULL,
    title               text             NOT NULL,
    version             text             NOT NULL,
    released            timestamptz      NOT NULL,
    imported_at         timestamptz      NOT NULL,
    imported_by         text             NOT NULL,
    vulnerability_count integer          NOT NULL CHECK (vulnerability_count >= 0),
    max_cvss            double precision CHECK (max_cvss BETWEEN 0 AND 10),
    document            text             NOT NULL,
    PRIMARY KEY (publisher_namespace, advisory_id)
);

-- ---------------------------------------------------------------------------------------------------------
-- One row per asset and vulnerability an advisory gives it (only while the asset is affected: a fixed or not
-- affected status, or firmware outside the range, leaves no row). Replaced per advisory on import and per plant
-- when the plant's inventory changes.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE vulnerability_match (
    plant_id            text             NOT NULL,
    asset_id            text             NOT NULL,
    cve                 text             NOT NULL,
    publisher_namespace text             NOT NULL,
    advisory_id         text             NOT NULL,
    publisher           text             NOT NULL,
    cvss                double precision CHECK (cvss BETWEEN 0 AND 10),
    product             text             NOT NULL,
    remediation         text,
    published           timestamptz      NOT NULL,
    title               text,
    matched_by          text,
    advisory_version    text,
    PRIMARY KEY (plant_id, asset_id, publisher_namespace, advisory_id, cve),
    FOREIGN KEY (publisher_namespace, advisory_id) REFERENCES vulnerability_advisory ON DELETE CASCADE
);

CREATE INDEX vulnerability_match_advisory ON vulnerability_match (publisher_namespace, advisory_id);
