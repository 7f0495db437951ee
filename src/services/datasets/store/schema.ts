// The dataset database's tables (docs/decisions/008): immutable pairs, versions as ordered lists
// of pair ids, each dataset's head and redo stack, and a full-text index over the pairs.
export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  head_version INTEGER,
  -- JSON array of version ids, the last one is where redo goes
  redo_stack TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS versions (
  id INTEGER PRIMARY KEY,
  dataset_id TEXT NOT NULL REFERENCES datasets(id),
  parent_id INTEGER REFERENCES versions(id),
  label TEXT NOT NULL,
  name TEXT,
  created_at TEXT NOT NULL,
  pair_count INTEGER NOT NULL,
  content_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_dataset ON versions(dataset_id);
CREATE TABLE IF NOT EXISTS pairs (
  id INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  code TEXT NOT NULL,
  source_file TEXT,
  source_line INTEGER,
  source_record INTEGER
);
CREATE TABLE IF NOT EXISTS version_pairs (
  version_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  pair_id INTEGER NOT NULL,
  PRIMARY KEY (version_id, position)
) WITHOUT ROWID;
-- Search and membership checks go from a pair to the versions holding it.
CREATE INDEX IF NOT EXISTS version_pairs_by_pair ON version_pairs(pair_id, version_id);
CREATE VIRTUAL TABLE IF NOT EXISTS pairs_fts USING fts5(description, code, content='pairs', content_rowid='id');
`;
