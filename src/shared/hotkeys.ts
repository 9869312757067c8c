/**
 * Which keys a label may take: one rule for the core (which reads labels from corpus files, untrusted, and
 * checks label sets) and the editor (which binds them). A span or relation label's key is pressed on its own,
 * so it must be a single printable character, and not one the editor keeps for itself (`EDITOR_KEYS`); anything
 * else (`Mod-z`, `Foo-x`) would take over an editor key or stop the keymap from being built. A document label's
 * key is pressed with Shift and read from the physical key, so only a letter a–z or a digit can be pressed.
 */
import type { LabelKind } from './corpus-types'

/**
 * The printable keys the editor binds unmodified, for what (`src/renderer/editor/input.ts` and the app's
 * `globalKey` bind these very values): no label may take them.
 */
export const EDITOR_KEYS = { help: '?', search: '/' } as const

/** The printable keys the editor keeps for itself (the values of `EDITOR_KEYS`). */
export const EDITOR_RESERVED_KEYS: readonly string[] = Object.values(EDITOR_KEYS)

/** One code point that is neither a control, format, separator (space) nor combining character. */
const PRINTABLE = /^[^\p{C}\p{Z}\p{M}]$/u

/** What Shift with a key can toggle a document label with (`documentLabelKeysAndSpanClicks`): KeyA–KeyZ, Digit0–Digit9. */
const DOCUMENT_KEY = /^[a-z0-9]$/i

/** A label as far as its key goes. */
export interface HotkeyHolder {
  kind: LabelKind
  name: string
  hotkey: string | null
}

/** Why `hotkey` cannot be the key of a label of `kind` (said after the key), or null if it can. */
export function hotkeyProblem(hotkey: string, kind: LabelKind): string | null {
  if (!PRINTABLE.test(hotkey)) return 'is not a single printable character'
  if (EDITOR_RESERVED_KEYS.includes(hotkey)) return "is one of the editor's own keys"
  if (kind === 'document' && !DOCUMENT_KEY.test(hotkey)) return 'is not a letter a–z or a digit, the keys a document label is toggled with (with Shift)'
  return null
}

/** `hotkey` if a label of `kind` may have it, otherwise null (a label without a key). */
export function usableHotkey(hotkey: string | null, kind: LabelKind): string | null {
  return hotkey !== null && hotkeyProblem(hotkey, kind) === null ? hotkey : null
}

/**
 * The key presses a label's hotkey answers to. A span or relation label's key is pressed as it is. A document
 * label's key is pressed with Shift whatever its case, which also types its upper case, so it takes the key in
 * both cases (a span label on `A` would answer Shift+a first).
 */
function presses(label: Pick<HotkeyHolder, 'kind' | 'hotkey'>): string[] {
  if (label.hotkey === null) return []
  if (label.kind !== 'document') return [`key ${label.hotkey}`]
  const lower = label.hotkey.toLowerCase()
  return [`shift ${lower}`, `key ${lower}`, `key ${label.hotkey.toUpperCase()}`]
}

/** A label whose key another label, earlier in the set, already answers to. */
export interface HotkeyClash<T extends HotkeyHolder> {
  label: T
  other: T
}

/**
 * The labels of `labels` (in order) whose key an earlier label already takes, with that label. Labels whose
 * key is not one they may have are left out (they have no key).
 */
export function hotkeyClashes<T extends HotkeyHolder>(labels: readonly T[]): HotkeyClash<T>[] {
  const taken = new Map<string, T>()
  const clashes: HotkeyClash<T>[] = []
  for (const label of labels) {
    if (usableHotkey(label.hotkey, label.kind) === null) continue
    const keys = presses(label)
    const other = keys.map((key) => taken.get(key)).find((found) => found !== undefined)
    if (other !== undefined) clashes.push({ label, other })
    else for (const key of keys) taken.set(key, label)
  }
  return clashes
}

/** The sentence saying that `label`'s key clashes with `other`'s (for check, label files and merges). */
export function describeClash({ label, other }: HotkeyClash<HotkeyHolder>): string {
  const both = other.kind === label.kind ? `the ${label.kind} labels "${other.name}" and "${label.name}"` : `the ${other.kind} label "${other.name}" and the ${label.kind} label "${label.name}"`
  return other.hotkey === label.hotkey
    ? `${both} share the hotkey "${label.hotkey}"`
    : `${both} share a key ("${other.hotkey}" and "${label.hotkey}": a document label's key is pressed with Shift, whatever its case)`
}

/**
 * The key each label is bound to, by position in `labels`: its own if it may have it and no earlier label
 * takes it, otherwise null. What the core reads from a corpus file (untrusted) and what the editor binds.
 */
export function boundHotkeys(labels: readonly HotkeyHolder[]): (string | null)[] {
  const clashing = new Set(hotkeyClashes(labels).map((clash) => clash.label))
  return labels.map((label) => (clashing.has(label) ? null : usableHotkey(label.hotkey, label.kind)))
}
