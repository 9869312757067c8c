/**
 * Label hotkeys: a single printable character that the editor does not keep for itself, one label per key.
 * A corpus file is untrusted, so a key read from it that breaks the rule is read as none (and check lists it);
 * a label set that breaks it is refused.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LABELS, labelSetProblems, readLabelFile } from '../../src/core/label-sets'
import { copyLabel } from '../../src/core/merge/labels'
import { createHandlers } from '../../src/core/operations/handlers'
import { checkCorpus } from '../../src/core/reports/check'
import { createSampleCorpus } from '../../src/core/sample'
import { Corpus } from '../../src/core/store/corpus'
import { CorpusReader } from '../../src/core/store/reader'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { EDITOR_RESERVED_KEYS, hotkeyProblem } from '../../src/shared/hotkeys'
import { opened, scratch, writeFile } from '../helpers'

function sample(): string {
  const path = join(scratch(), 's.marginalia')
  createSampleCorpus(path, { annotator: 'setup' })
  return path
}

const label = (name: string, kind: LabelDefinition['kind'], hotkey: string | null): LabelDefinition => ({ name, kind, color: '#000000', hotkey, description: '', head: null, child: null })

describe('the hotkey rule', () => {
  it('takes one printable character that is not an editor key', () => {
    for (const key of ['1', 'a', 'Z', 'é', 'ж', '😀', '#']) expect(hotkeyProblem(key, 'span'), key).toBeNull()
    for (const key of ['Foo-x', 'Mod-z', 'ab', '', ' ', '\t', '\u0301', '\u200b', ...EDITOR_RESERVED_KEYS]) expect(hotkeyProblem(key, 'relation'), JSON.stringify(key)).not.toBeNull()
  })

  it('takes for a document label only a letter a–z or a digit, all that Shift+key can toggle', () => {
    for (const key of ['u', 'U', '7']) expect(hotkeyProblem(key, 'document'), key).toBeNull()
    for (const key of ['é', '#', '😀']) expect(hotkeyProblem(key, 'document'), key).toMatch(/not a letter a–z or a digit/)
  })
})

describe('a hotkey tampered with in a corpus file', () => {
  for (const bad of ['Foo-x', 'Mod-z', '?', 'ab', ' ']) {
    it(`${JSON.stringify(bad)} is read as no hotkey, and check lists it`, () => {
      const path = sample()
      const db = new Database(path)
      db.prepare(`UPDATE labels SET hotkey = ? WHERE name = 'Claim'`).run(bad)
      db.close()
      const corpus = opened(CorpusReader.open(path))
      expect(corpus.label('span', 'Claim')?.hotkey).toBeNull()
      expect(corpus.label('span', 'Speaker')?.hotkey).toBe('2')
      expect(createHandlers(corpus, 'ana').corpus({}).labels.find((l) => l.name === 'Claim')?.hotkey).toBeNull()
      expect(checkCorpus(corpus).problems).toEqual([expect.stringContaining(`the span label "Claim" has the hotkey ${JSON.stringify(bad)}, which`)])
    })
  }

  it('shared by two labels of different kinds: the first keeps it, the other is read without, and check lists it', () => {
    const path = sample()
    const db = new Database(path)
    db.prepare(`UPDATE labels SET hotkey = '1' WHERE name = 'attributed_to'`).run() // Claim's key; the schema only keeps keys unique per kind
    db.close()
    const corpus = opened(CorpusReader.open(path))
    expect(corpus.label('span', 'Claim')?.hotkey).toBe('1')
    expect(corpus.label('relation', 'attributed_to')?.hotkey).toBeNull()
    expect(checkCorpus(corpus).problems).toEqual([
      'the relation label "attributed_to" has the hotkey "1", but the span label "Claim" and the relation label "attributed_to" share the hotkey "1" (it is read as no hotkey)',
    ])
  })

  it('does not stop labels being added to the corpus', () => {
    const path = sample()
    const db = new Database(path)
    db.prepare(`UPDATE labels SET hotkey = 'Mod-z' WHERE name = 'Claim'`).run()
    db.close()
    const corpus = opened(Corpus.open(path))
    expect(corpus.addLabel(label('Quote', 'span', '5')).hotkey).toBe('5')
  })
})

describe('a label set', () => {
  it('is refused when two labels share a hotkey, of whatever kind', () => {
    expect(labelSetProblems([label('Claim', 'span', 'a'), label('attributed_to', 'relation', 'a')])).toEqual([
      'the span label "Claim" and the relation label "attributed_to" share the hotkey "a"; give one of them another key',
    ])
    expect(labelSetProblems([label('Urgent', 'document', 'u'), label('Unread', 'document', 'U')])).toEqual([
      'the document labels "Urgent" and "Unread" share a key ("u" and "U": a document label\'s key is pressed with Shift, whatever its case); give one of them another key',
    ])
    expect(labelSetProblems([label('Urgent', 'document', 'u'), label('Quote', 'span', 'U')])).toHaveLength(1) // Shift+u types U
    expect(labelSetProblems([label('Claim', 'span', 'a'), label('Quote', 'span', 'A')])).toEqual([]) // a and Shift+a
    expect(labelSetProblems(DEFAULT_LABELS)).toEqual([])
  })

  it('is refused when a hotkey is not one a label may have', () => {
    expect(labelSetProblems([label('Urgent', 'document', '#')])).toHaveLength(1)
    expect(labelSetProblems([label('Claim', 'span', 'Mod-z')])).toEqual(['the span label "Claim" has the hotkey "Mod-z", which is not a single printable character'])
    expect(labelSetProblems([label('Claim', 'span', '/')])).toEqual(['the span label "Claim" has the hotkey "/", which is one of the editor\'s own keys'])
  })

  it('from a --labels file: refused in one line naming the file, the line of the label and both labels', () => {
    const file = writeFile(scratch(), 'labels.json', JSON.stringify([
      { name: 'Claim', kind: 'span', hotkey: 'a' },
      { name: 'attributed_to', kind: 'relation', hotkey: 'a' },
    ], null, 2))
    expect(() => readLabelFile(file)).toThrow(/^\S*labels\.json:7: the span label "Claim" and the relation label "attributed_to" share the hotkey "a"; give one of them another key$/)
  })

  it('from a --labels file: a bad key refused in one line naming the file and the line of the label', () => {
    const file = writeFile(scratch(), 'labels.json', '[\n  {"name": "Claim", "kind": "span", "hotkey": "1"},\n  {"name": "Quote", "kind": "span", "hotkey": "Mod-q"}\n]\n')
    expect(() => readLabelFile(file)).toThrow(/^\S*labels\.json:3: the span label "Quote" has the hotkey "Mod-q", which is not a single printable character$/)
  })

  it('added to by a new label with a key another kind of label has: refused', () => {
    const corpus = opened(Corpus.open(sample()))
    expect(() => corpus.addLabel(label('Quote', 'span', 'a'))).toThrow(/"attributed_to" and the span label "Quote" share the hotkey "a"/)
  })
})

describe('merge --add-labels', () => {
  it('copies a label without its key when a label of another kind in INTO answers to it', () => {
    const corpus = opened(Corpus.open(sample()))
    const source = opened(Corpus.open(join(scratch(), 'o.marginalia'), { create: true, labels: [...DEFAULT_LABELS.filter((l) => l.kind === 'span'), label('Urgent', 'document', 'A')] }))
    copyLabel(corpus, source, 'document', 'Urgent') // Shift+a types A; INTO's relation label is on a
    expect(corpus.label('document', 'Urgent')?.hotkey).toBeNull()
  })
})
