-- The batches written lately, by the id their writer gave them: a writer
-- that did not hear back from its COMMIT writes the batch again, and finds
-- it here when it was stored after all, so nothing is counted twice. Kept a
-- day; holds no data about visitors.
CREATE TABLE kb.batches (
    id      text        PRIMARY KEY,
    written timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batches_written ON kb.batches (written);
