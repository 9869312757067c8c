/**
 * Label Studio's JSON-MIN export, recognised in order to be refused plainly. It writes one object per annotation,
 * with the task's data keys and each control's answer side by side at its top level (`"text": "…"`,
 * `"sentiment": "Positive"`, `"label": [{"start", "end", "text", "labels"}]`), and `annotator` and
 * `annotation_id`: a single choice cannot be told from a data field, and relations and region ids are gone, so
 * Marginalia does not read it, and says to export the project as JSON instead.
 */

/** The keys JSON-MIN gives every record, and a task of Label Studio's JSON export does not have at its top level. */
const JSON_MIN_KEYS = ['annotation_id', 'annotator'] as const

/** Why a JSON-MIN export is refused, and what to do instead. */
export const JSON_MIN_REFUSAL =
  "Label Studio's JSON-MIN export is not read (it puts the task's data and the annotators' answers side by side, so a choice " +
  'cannot be told from a data field, and it leaves relations out): export the project as JSON (Export > JSON) and import that'

/** True if `value` (an element of a JSON array) is a record of JSON-MIN: an object without `data`, with its `annotation_id` or `annotator`. */
export function isJsonMinRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  return !Object.hasOwn(value, 'data') && JSON_MIN_KEYS.some((key) => Object.hasOwn(value, key))
}

/** True if the first bytes of a `.json` file look like a JSON-MIN export: an array of objects with `annotation_id` or `annotator`, no `data`. */
export function looksLikeJsonMin(head: string): boolean {
  return /^\s*\[\s*\{/.test(head) && /"(annotation_id|annotator)"\s*:/.test(head) && !/"data"\s*:\s*\{/.test(head)
}
