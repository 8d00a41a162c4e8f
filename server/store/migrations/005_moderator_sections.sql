-- A moderator's form sections (issue 13, routing): the ids of the sections of their agency they answer, separated
-- by commas, in the order given (`helpchat moderator add|edit --sections`). '' means every section of their agency:
-- what every account has after this migration, and what triage and admin accounts and officials always have.
ALTER TABLE participants ADD COLUMN sections TEXT NOT NULL DEFAULT '';

-- `helpchat moderator edit` changes the participant row of an account (name, agency, sections), not the accounts
-- row: a running server must see that as it sees an accounts update (catalog_watcher, migration 003). Officials'
-- rows are left out, so the transcript's writes never move the marker.
CREATE TRIGGER account_participant_updated AFTER UPDATE ON participants
WHEN OLD.role IN ('moderator', 'admin')
BEGIN
  UPDATE catalog_version SET version = version + 1;
END;
