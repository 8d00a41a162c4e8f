-- Always empty. While storage is failing, the transcript writer commits a row here that needs new pages and deletes
-- it in the same transaction, to learn when a full disk or a held lock lets writes through again
-- (store::transcript_writer::probe).
CREATE TABLE storage_probe (
  id     INTEGER PRIMARY KEY,
  filler BLOB NOT NULL
);
