/**
 * The corpus file's schema, one small function per version (as Signal Desktop does it). The runner owns the
 * transaction and `PRAGMA user_version`, and refuses a file written by a newer Marginalia.
 */
import type Database from 'better-sqlite3'
import { CorpusError } from '../errors'
import { inWriteTransaction } from './write-lock'

/** One step of the schema: run inside a transaction the runner opens. */
export interface Migration {
  version: number
  description: string
  up(db: Database.Database): void
}

/** Version 1: documents, label set, annotators, spans, relations and document labels. */
function createInitialSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE corpus_info (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE annotators (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE labels (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('span', 'relation', 'document')),
      name TEXT NOT NULL CHECK (length(name) > 0),
      color TEXT NOT NULL,
      hotkey TEXT,
      description TEXT NOT NULL DEFAULT '',
      head_labels TEXT CHECK (head_labels IS NULL OR json_valid(head_labels)),
      child_labels TEXT CHECK (child_labels IS NULL OR json_valid(child_labels)),
      position INTEGER NOT NULL,
      UNIQUE (kind, name)
    ) STRICT;
    CREATE UNIQUE INDEX labels_by_hotkey ON labels (kind, hotkey) WHERE hotkey IS NOT NULL;

    CREATE TABLE documents (
      id INTEGER PRIMARY KEY,
      external_id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      text TEXT NOT NULL,
      length INTEGER NOT NULL CHECK (length >= 0),
      meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
      status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'done', 'skipped')),
      text_sha256 TEXT NOT NULL,
      next_span_id INTEGER NOT NULL DEFAULT 1,
      next_relation_id INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX documents_by_status ON documents (status, id);

    CREATE TABLE spans (
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      id INTEGER NOT NULL CHECK (id > 0),
      start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
      end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
      label_id INTEGER NOT NULL REFERENCES labels (id),
      attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs)),
      annotator_id INTEGER NOT NULL REFERENCES annotators (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (document_id, id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX spans_by_label ON spans (label_id);
    CREATE INDEX spans_by_annotator ON spans (annotator_id);

    CREATE TABLE relations (
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      id INTEGER NOT NULL CHECK (id > 0),
      head INTEGER NOT NULL,
      child INTEGER NOT NULL,
      label_id INTEGER NOT NULL REFERENCES labels (id),
      annotator_id INTEGER NOT NULL REFERENCES annotators (id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (document_id, id),
      FOREIGN KEY (document_id, head) REFERENCES spans (document_id, id) ON DELETE CASCADE,
      FOREIGN KEY (document_id, child) REFERENCES spans (document_id, id) ON DELETE CASCADE,
      CHECK (head <> child)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX relations_by_head ON relations (document_id, head);
    CREATE INDEX relations_by_child ON relations (document_id, child);
    CREATE INDEX relations_by_label ON relations (label_id);

    CREATE TABLE document_labels (
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      label_id INTEGER NOT NULL REFERENCES labels (id),
      annotator_id INTEGER NOT NULL REFERENCES annotators (id),
      created_at TEXT NOT NULL,
      PRIMARY KEY (document_id, label_id, annotator_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX document_labels_by_label ON document_labels (label_id);
  `)
}

/** Version 2: full-text search over titles and texts (SQLite FTS5), kept in step by triggers. */
function addFullTextSearch(db: Database.Database): void {
  db.exec(`
    CREATE VIRTUAL TABLE documents_search USING fts5 (
      title, text, content = 'documents', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
      INSERT INTO documents_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
      INSERT INTO documents_search (documents_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_search_update AFTER UPDATE OF title, text ON documents BEGIN
      INSERT INTO documents_search (documents_search, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      INSERT INTO documents_search (rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    INSERT INTO documents_search (documents_search) VALUES ('rebuild');
  `)
}

/**
 * Version 3: span labels may declare attributes (`labels.attributes`, a JSON array of `{name, values}`, such
 * as a claim's `checkworthy: yes|no`), which the editor offers as choice lists (NULL: none); and an index of
 * the spans that carry a note, so that searching notes reads those spans only; and the disagreements a
 * curator settled as nothing (`curated_as_nothing`: no annotation there in the curated layer, on purpose).
 */
function addLabelAttributes(db: Database.Database): void {
  db.exec(`
    ALTER TABLE labels ADD COLUMN attributes TEXT CHECK (attributes IS NULL OR json_valid(attributes));
    CREATE INDEX spans_with_note ON spans (document_id, start_offset) WHERE json_type(attrs, '$.note') = 'text';
    CREATE TABLE curated_as_nothing (
      document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 10000),
      annotator_id INTEGER NOT NULL REFERENCES annotators (id),
      created_at TEXT NOT NULL,
      PRIMARY KEY (document_id, place)
    ) STRICT, WITHOUT ROWID;
  `)
}

/** How many documents version 4 reads at a time while it lists those written without spaces. */
const UNSPACED_PAGE = 500

/**
 * The scripts written without spaces as version 4 lists them (a copy of `UNSPACED_SCRIPT` in `search/unspaced.ts` as
 * it was then, so that a later change of that one does not change what this step did).
 */
const UNSPACED_AT_VERSION_4 = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmr}\p{scx=Mymr}]/u

/**
 * Version 4: the documents whose title or text holds a script written without spaces (Chinese, Japanese, Thai…),
 * where the word index keeps no token for a word written against such characters (`search/unspaced.ts`): a search
 * for a word scans these too. Listed by the program that writes a document: a trigger telling such a script in SQL
 * (`GLOB` over code point ranges) took about 9 s per 100,000 news articles here, a regular expression 0.1 s.
 */
function listUnspacedDocuments(db: Database.Database): void {
  db.exec(`CREATE TABLE documents_unspaced (document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE) STRICT;`)
  const page = db.prepare<[after: number, limit: number], { id: number; title: string; text: string }>('SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?')
  const list = db.prepare<[id: number]>('INSERT INTO documents_unspaced (document_id) VALUES (?)')
  for (let rows = page.all(0, UNSPACED_PAGE); rows.length > 0; rows = page.all(rows[rows.length - 1].id, UNSPACED_PAGE)) {
    for (const row of rows) if (UNSPACED_AT_VERSION_4.test(row.text) || UNSPACED_AT_VERSION_4.test(row.title)) list.run(row.id)
  }
}

/** Korean (Hangul) as version 5 tells it (a copy of `PARTICLE_SCRIPT` in src/shared/unspaced-script.ts as it was then). */
const PARTICLE_AT_VERSION_5 = /\p{scx=Hang}/u

/**
 * Version 5: the documents holding Korean are listed with those written without spaces (`documents_unspaced`): a
 * number or Latin word takes its particles written on there ("2025년", "UN은"), and is no token of the index either.
 */
function listKoreanDocuments(db: Database.Database): void {
  const page = db.prepare<[after: number, limit: number], { id: number; title: string; text: string }>('SELECT id, title, text FROM documents WHERE id > ? ORDER BY id LIMIT ?')
  const list = db.prepare<[id: number]>('INSERT OR IGNORE INTO documents_unspaced (document_id) VALUES (?)')
  for (let rows = page.all(0, UNSPACED_PAGE); rows.length > 0; rows = page.all(rows[rows.length - 1].id, UNSPACED_PAGE)) {
    for (const row of rows) if (PARTICLE_AT_VERSION_5.test(row.text) || PARTICLE_AT_VERSION_5.test(row.title)) list.run(row.id)
  }
}

/** Every migration, in order; the last one's version is the current schema version. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'documents, labels, annotators, spans, relations, document labels', up: createInitialSchema },
  { version: 2, description: 'full-text search over documents', up: addFullTextSearch },
  { version: 3, description: 'attributes declared by span labels; spans with notes indexed; disagreements settled as nothing', up: addLabelAttributes },
  { version: 4, description: 'documents written in scripts without spaces listed, for search', up: listUnspacedDocuments },
  { version: 5, description: 'documents holding Korean listed with them, for search', up: listKoreanDocuments },
]

/** Schema version this build writes. */
export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Raised for a file whose schema is newer than this build knows; such a file is never written to. */
export class NewerSchemaError extends CorpusError {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      'file',
      `it was written by a newer Marginalia (corpus schema version ${fileVersion}; this Marginalia knows up to ` +
        `version ${knownVersion}); it has not been changed, update Marginalia to open it`,
    )
    this.name = 'NewerSchemaError'
  }
}

/** The schema version a database is at. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings `db` to `target` (the current version by default) in one write transaction, reading the version only
 * once it holds the write lock, so that two processes upgrading one file at once never both run a step. Inside
 * a transaction the caller holds, the steps run as part of it. A step that fails undoes every step of the
 * upgrade. Returns the versions before and after.
 */
export function migrate(
  db: Database.Database,
  target: number = CURRENT_SCHEMA_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): { from: number; to: number } {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  const versionOf = (): number => {
    const version = schemaVersion(db)
    if (version > known) throw new NewerSchemaError(version, known)
    return version
  }
  if (versionOf() >= target) return { from: schemaVersion(db), to: schemaVersion(db) }
  return inWriteTransaction(db, () => {
    const from = versionOf()
    for (const migration of migrations) {
      if (migration.version <= from || migration.version > target) continue
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }
    return { from, to: schemaVersion(db) }
  })
}
