-- FAQ drafts: live answers proposed as FAQ entries ("proponer como FAQ"), edited and published by the owning
-- agency's moderators or an admin. Published drafts join the FAQ search at once; `helpchat faq export` writes them
-- into faq/entries/ so they can be reviewed and committed. The asker's identity is never copied here.
CREATE TABLE faq_drafts (
  id               INTEGER PRIMARY KEY,
  entry_id         TEXT NOT NULL UNIQUE,
  fields           TEXT NOT NULL,              -- JSON array of form ids
  question         TEXT NOT NULL,
  answer           TEXT NOT NULL,
  legal_reference  TEXT,
  tags             TEXT NOT NULL DEFAULT '[]', -- JSON array
  agency           TEXT NOT NULL,              -- who may edit and publish it (with admins)
  status           TEXT NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
  help_session_id  INTEGER REFERENCES help_sessions(id),
  answer_seq       INTEGER,
  proposed_by      INTEGER NOT NULL REFERENCES participants(id),
  published_by     INTEGER REFERENCES participants(id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
