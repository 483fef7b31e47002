-- Searches counted per hour, language and normalized query: counts, never a
-- trail of who searched what.
CREATE TABLE kb.searches (
    hour       timestamptz NOT NULL,
    lang       text        NOT NULL,
    query      text        NOT NULL,
    searches   integer     NOT NULL,
    no_results integer     NOT NULL,
    PRIMARY KEY (hour, lang, query)
);

-- The results those searches led to.
CREATE TABLE kb.clicks (
    hour   timestamptz NOT NULL,
    lang   text        NOT NULL,
    query  text        NOT NULL,
    url    text        NOT NULL,
    clicks integer     NOT NULL,
    PRIMARY KEY (hour, lang, query, url)
);

-- "Was this helpful?" votes, timed to the hour; comments already redacted.
CREATE TABLE kb.votes (
    id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hour    timestamptz NOT NULL,
    page    text        NOT NULL,
    lang    text        NOT NULL,
    helpful boolean     NOT NULL,
    reason  text        NOT NULL,
    comment text        NOT NULL
);
CREATE INDEX votes_hour ON kb.votes (hour);
