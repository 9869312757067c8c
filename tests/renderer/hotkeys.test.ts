/// <reference lib="dom" />
/**
 * Label keys in the editor: the printable keys it answers unmodified are exactly the ones the shared rule keeps
 * from labels, and labels whose keys break the rule (a corpus file is untrusted) leave the editor whole.
 */
import { describe, expect, it } from 'vitest'
import type { LabelDefinition } from '../../src/shared/corpus-types'
import { EDITOR_RESERVED_KEYS } from '../../src/shared/hotkeys'
import { corpusWith, openSession, press, selectText } from './headless'

const TEXT = 'Mr Putin said the summit went well.'
const label = (name: string, kind: LabelDefinition['kind'], hotkey: string | null): LabelDefinition => ({ name, kind, color: '#000000', hotkey, description: '', head: null, child: null })

describe('the editor', () => {
  it('answers, unmodified and with no label defined, exactly the printable keys EDITOR_RESERVED_KEYS lists, and the digits, saying no label has them', async () => {
    const { api, documentId } = corpusWith(TEXT)
    const { session, log } = await openSession(api, documentId, { labels: [] })
    const printable = [...Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i)), 'é', '😀', '§']
    const taken = printable.filter((key) => press(session, key))
    expect(taken.sort()).toEqual([...EDITOR_RESERVED_KEYS, ...'0123456789'].sort())
    expect(log.asked.sort()).toEqual(['help', 'search'])
    expect(log.failed.map((f) => f.message)).toEqual([...'0123456789'].map((digit) => `No label has the key ${digit}.`))
  })

  it('is built whole from labels with keys no label may have, or that clash, and keeps its own keys', async () => {
    const { api, corpus, documentId } = corpusWith(TEXT)
    const labels = [
      label('Claim', 'span', 'Foo-x'), // would stop the keymap from being built
      label('Speaker', 'span', '?'), // would take the keyboard reference's key
      label('Source', 'span', 'Mod-z'), // would take undo
      label('Spam', 'span', '4'),
      label('attributed_to', 'relation', '4'), // clashes with Spam: Spam, first, keeps it
    ]
    const { session, log } = await openSession(api, documentId, { labels })
    expect(press(session, '?')).toBe(true)
    expect(log.asked).toEqual(['help'])
    selectText(session, 3, 8)
    expect(press(session, '4')).toBe(true)
    await session.settled()
    expect(corpus.spansOf(documentId).map((span) => span.label)).toEqual(['Spam'])
    expect(press(session, 'Mod-z')).toBe(true) // undo, not the label Source
    await session.settled()
    expect(corpus.spansOf(documentId)).toEqual([])
  })
})
