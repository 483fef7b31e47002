-- How customers wrote the queries of kb.searches, where that differs from
-- the normalized query: "محفظة" for the query محفظه. At most a few
-- (analytics.MaxSpellings, a few more when replicas add new ones at once)
-- per hour, language and query; spelling '' counts the searches spelled in
-- ways past those. Searches without a row here were spelled as the query
-- itself, or recorded before this table.
CREATE TABLE kb.spellings (
    hour     timestamptz NOT NULL,
    lang     text        NOT NULL,
    query    text        NOT NULL,
    spelling text        NOT NULL,
    searches integer     NOT NULL,
    PRIMARY KEY (hour, lang, query, spelling)
);
