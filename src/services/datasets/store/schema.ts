// The dataset database's tables (docs/decisions/008): immutable pairs, versions as ordered lists
// of pair ids, each dataset's head and redo stack, and a full-text index over the pairs.
// Schema 2 adds a pair's grouping key and the pair an edit replaced, what each version removed,
// a version's split settings, tags, and each dataset's import report. Schema 3: duplicate groups
// the user chose to keep whole.
export const SCHEMA_VERSION = 3;

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

/** Steps from schema N to N + 1, run in order inside one transaction. */
export const MIGRATIONS: Record<number, string> = {
  1: `
ALTER TABLE pairs ADD COLUMN group_key TEXT;
-- the pair an edit rewrote (its "before"), null for imported and added pairs
ALTER TABLE pairs ADD COLUMN replaces INTEGER;
-- null: the default split (by description hash)
ALTER TABLE versions ADD COLUMN split_json TEXT;
CREATE TABLE version_removals (
  version_id INTEGER NOT NULL,
  pair_id INTEGER NOT NULL,
  PRIMARY KEY (version_id, pair_id)
) WITHOUT ROWID;
-- Tags belong to the dataset, not a version: tagging 1 of 600k pairs must not copy the version.
CREATE TABLE pair_tags (
  dataset_id TEXT NOT NULL,
  pair_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (dataset_id, pair_id, tag)
) WITHOUT ROWID;
CREATE INDEX pair_tags_by_tag ON pair_tags(dataset_id, tag);
CREATE TABLE import_reports (
  dataset_id TEXT PRIMARY KEY,
  report_json TEXT NOT NULL
);
-- Prefix indexes: the first letters a user types ("s", "so") match as fast as whole words.
DROP TABLE pairs_fts;
CREATE VIRTUAL TABLE pairs_fts USING fts5(description, code, content='pairs', content_rowid='id', prefix='1 2 3', detail=none);
INSERT INTO pairs_fts(pairs_fts) VALUES ('rebuild');
`,
  2: `
-- "Keep all" on a duplicate group: its key (kind and member ids) is not offered again.
CREATE TABLE dismissed_groups (
  dataset_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  PRIMARY KEY (dataset_id, group_key)
) WITHOUT ROWID;
`,
};
