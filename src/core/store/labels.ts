/** SQL of the label set and the annotators. */
import type Database from 'better-sqlite3'
import type { LabelKind } from '../../shared/corpus-types'

/** A row of `labels`; `head_labels` and `child_labels` hold JSON arrays of span label names, or NULL. */
export interface LabelRow {
  id: number
  kind: LabelKind
  name: string
  color: string
  hotkey: string | null
  description: string
  head_labels: string | null
  child_labels: string | null
  /** JSON array of `{name, values}` (schema version 3), or NULL. */
  attributes: string | null
}

/** A label as inserted; `head`, `child` and `attributes` as JSON text. */
interface NewLabelRow {
  kind: LabelKind
  name: string
  color: string
  hotkey: string | null
  description: string
  head: string | null
  child: string | null
  attributes: string | null
}

/** The label and annotator statements of one connection. */
export function labelStatements(db: Database.Database) {
  return {
    all: db.prepare<[], LabelRow>(
      `SELECT id, kind, name, color, hotkey, description, head_labels, child_labels, attributes FROM labels ORDER BY position, id`,
    ),
    insert: db.prepare<NewLabelRow>(
      `INSERT INTO labels (kind, name, color, hotkey, description, head_labels, child_labels, attributes, position)
       VALUES (@kind, @name, @color, @hotkey, @description, @head, @child, @attributes,
               (SELECT coalesce(max(position), 0) + 1 FROM labels))`,
    ),
    update: db.prepare<NewLabelRow & { id: number }>(
      `UPDATE labels SET color = @color, hotkey = @hotkey, description = @description, head_labels = @head,
         child_labels = @child, attributes = @attributes WHERE id = @id AND kind = @kind AND name = @name`,
    ),
    clearHotkey: db.prepare<[id: number]>(`UPDATE labels SET hotkey = NULL WHERE id = ?`),
    /** The pairs of span labels a relation label's relations join, head first. */
    relationEndLabels: db.prepare<[labelId: number], { head: string; child: string }>(
      `SELECT DISTINCT hl.name AS head, cl.name AS child FROM relations r
         JOIN spans h ON h.document_id = r.document_id AND h.id = r.head JOIN labels hl ON hl.id = h.label_id
         JOIN spans c ON c.document_id = r.document_id AND c.id = r.child JOIN labels cl ON cl.id = c.label_id
       WHERE r.label_id = ?`,
    ),
    /** The values spans of a label hold for one attribute (strings only), with how many spans hold each. */
    attributeValues: db.prepare<[labelId: number, attribute: string], { value: string; spans: number }>(
      `SELECT a.value AS value, count(*) AS spans FROM spans s, json_each(s.attrs) a
       WHERE s.label_id = ? AND a.key = ? AND a.type = 'text' GROUP BY a.value ORDER BY a.value`,
    ),
    annotators: db.prepare<[], { id: number; name: string }>(`SELECT id, name FROM annotators`),
    /** Each annotator with work, and the latest time any of their spans, relations or document labels changed. */
    latestWorkByAnnotator: db.prepare<[], { name: string; latest: string }>(
      `SELECT a.name AS name, max(w.updated_at) AS latest FROM annotators a JOIN (
         SELECT annotator_id, updated_at FROM spans UNION ALL SELECT annotator_id, updated_at FROM relations
         UNION ALL SELECT annotator_id, created_at FROM document_labels) w ON w.annotator_id = a.id
       GROUP BY a.id`,
    ),
    /** The annotators with a span, relation or document label (not one who only settled places as nothing). */
    annotatorsWithWork: db
      .prepare<[], string>(
        `SELECT name FROM annotators a
         WHERE EXISTS (SELECT 1 FROM spans WHERE annotator_id = a.id) OR EXISTS (SELECT 1 FROM relations WHERE annotator_id = a.id)
            OR EXISTS (SELECT 1 FROM document_labels WHERE annotator_id = a.id)`,
      )
      .pluck(),
    annotatorByName: db.prepare<[name: string], number>(`SELECT id FROM annotators WHERE name = ?`).pluck(),
    insertAnnotator: db.prepare<{ name: string; createdAt: string }>(
      `INSERT INTO annotators (name, created_at) VALUES (@name, @createdAt)`,
    ),
  }
}
