/**
 * Mistakes a team makes that left the figures or the gold set wrong without a word: one analyst's name typed in
 * two cases ("cy", "Cy"), a corpus of another project merged in, a typing slip in the target's name. Each is said.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { caseOnlyNamesWarning, namesDifferingInCaseOnly } from '../../src/shared/analyst-spellings'
import { cli, parseJsonl, scratch, writeJsonl } from '../helpers'

const TEXT = 'Mr Kim said the talks went well.'

/** ana and bob agree on the Speaker "Mr Kim"; ana alone tagged a Claim: one place where they differ. */
const AGREED_SPEAKER_AND_ANAS_CLAIM = [
  { start: 0, end: 6, label: 'Speaker', annotator: 'ana' },
  { start: 0, end: 6, label: 'Speaker', annotator: 'bob' },
  { start: 12, end: 31, label: 'Claim', annotator: 'ana' },
]

/** A corpus of one document that `cy` and `Cy` (and `ana`) tagged alike: the Speaker "Mr Kim". */
async function twoSpellings(folder: string): Promise<string> {
  const corpus = join(folder, 'team.marginalia')
  const input = writeJsonl(folder, 'team.jsonl', [
    { id: 'd', text: TEXT, spans: ['ana', 'cy', 'Cy'].map((annotator) => ({ start: 0, end: 6, label: 'Speaker', annotator })) },
  ])
  expect((await cli('import', corpus, input)).code).toBe(0)
  return corpus
}

describe("a team's mistakes, said", () => {
  it("analysts' names that differ only in case are said by agreement, merge and the settled export (the agreed spans left the gold set unsaid)", async () => {
    const folder = scratch()
    const corpus = await twoSpellings(folder)
    const warning = /analysts' names that differ only in case: "Cy" and "cy"|analysts' names that differ only in case: "cy" and "Cy"/
    const agreement = await cli('agreement', corpus)
    expect(agreement.code, agreement.stderr).toBe(0)
    expect(agreement.stdout + agreement.stderr).toMatch(warning)
    const settled = await cli('export', '--curated-or-agreed', corpus)
    expect(settled.stderr).toMatch(warning)
    const target = join(folder, 'merged.marginalia')
    expect((await cli('import', target, writeJsonl(folder, 'd.jsonl', [{ id: 'd', text: TEXT }]))).code).toBe(0)
    const merged = await cli('merge', target, corpus)
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stderr).toMatch(warning)
    // Names that differ otherwise too are not said.
    const apart = join(folder, 'apart.marginalia')
    expect((await cli('import', apart, writeJsonl(folder, 'apart.jsonl', [{ id: 'd', text: TEXT, spans: ['ana', 'bob'].map((annotator) => ({ start: 0, end: 6, label: 'Speaker', annotator })) }]))).code).toBe(0)
    expect((await cli('agreement', apart)).stdout).not.toMatch(/differ only in case/)
  })

  it('a source sharing no document with the target, and a target that did not exist, are said by merge', async () => {
    const folder = scratch()
    const ours = join(folder, 'ours.marginalia')
    expect((await cli('import', ours, writeJsonl(folder, 'ours.jsonl', [{ id: 'd', text: TEXT }]))).code).toBe(0)
    const theirs = join(folder, 'theirs.marginalia')
    expect((await cli('import', theirs, writeJsonl(folder, 'theirs.jsonl', [{ id: 'x', text: 'Another project.' }]))).code).toBe(0)
    const other = await cli('merge', ours, theirs)
    expect(other.code, other.stderr).toBe(0)
    expect(other.stderr).toContain(`warning: ${theirs}: shares no document with ${ours} (another project's corpus?): its 1 document added`)
    const slip = join(folder, 'oursx.marginalia')
    const made = await cli('merge', slip, ours)
    expect(made.code, made.stderr).toBe(0)
    expect(made.stderr).toContain(`note: ${slip} did not exist: it was made for this merge`)
    expect(made.stderr).not.toMatch(/shares no document/)
  })

  it('the settled set names the places where the analysts differ that no curator has settled (an export made too early looked finished)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const spans = AGREED_SPEAKER_AND_ANAS_CLAIM
    expect((await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [{ id: 'd', text: TEXT, spans }, { id: 'e', text: TEXT, spans: spans.slice(0, 2) }]))).code).toBe(0)
    const settled = await cli('export', '--curated-or-agreed', corpus)
    expect(settled.code, settled.stderr).toBe(0)
    expect(settled.stderr).toContain("note: 1 place where the analysts differ, in 1 document, not settled by a curator yet: of each, only what every analyst's version holds is in the settled set (curate them, Alt+C, for the rest): d")
    // Settled by a curator (the Claim accepted into the curated layer): nothing waits.
    expect((await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'curated.jsonl', [{ id: 'd', text: TEXT, spans: [{ start: 12, end: 31, label: 'Claim', annotator: 'curated' }] }]))).code).toBe(0)
    expect((await cli('export', '--curated-or-agreed', corpus)).stderr).not.toMatch(/not settled by a curator yet/)
  })

  it('the settled set names the document labels some analysts gave and others did not (a follow-up flag left out without a word)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const speakers = AGREED_SPEAKER_AND_ANAS_CLAIM.slice(0, 2)
    const labels = [{ label: 'Politics', annotator: 'ana' }, { label: 'Politics', annotator: 'bob' }, { label: 'Followup', annotator: 'ana' }]
    const records = [{ id: 'd', text: TEXT, spans: speakers, labels }, { id: 'e', text: TEXT, spans: speakers, labels: labels.slice(0, 2) }]
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'in.jsonl', records))).code).toBe(0)
    const settled = await cli('export', '--curated-or-agreed', corpus)
    expect(settled.code, settled.stderr).toBe(0)
    expect(parseJsonl(settled.stdout).map((d) => [d.id, (d.labels as { label: string }[]).map((l) => l.label)])).toEqual([['d', ['Politics']], ['e', ['Politics']]])
    expect(settled.stderr).toContain(
      "note: 1 document label in 1 document given by some analysts and not others, left out of the settled set until a curator chooses the document's labels (in curation, Alt+C, the side panel's document labels): d (Followup by ana only)",
    )
    // An analyst who only flagged documents (no span) counts too, and a document with no span at all is settled alike.
    const flags = [{ id: 'f', text: TEXT, spans: speakers, labels: [...labels.slice(0, 2), { label: 'Followup', annotator: 'cy' }] }, { id: 'g', text: 'No spans here.', labels }]
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'flags.jsonl', flags))).code).toBe(0)
    const flagged = await cli('export', '--curated-or-agreed', corpus)
    const labelsOf = (id: string) => (parseJsonl(flagged.stdout).find((d) => d.id === id)!.labels as { label: string }[]).map((l) => l.label)
    expect([labelsOf('f'), labelsOf('g')]).toEqual([[], ['Politics']]) // cy gave no Politics in f; in g both gave it
    expect(flagged.stderr).toMatch(/f \(Politics by ana and bob only, Followup by cy only\); g \(Followup by ana only\)/)
    // Labels one analyst alone gave, taken as agreed: the document is named as annotated by one analyst alone.
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'alone.jsonl', [{ id: 'h', text: 'By ana alone.', labels: [{ label: 'Politics', annotator: 'ana' }] }]))).code).toBe(0)
    expect((await cli('export', '--curated-or-agreed', corpus)).stderr).toMatch(/annotated by one analyst alone taken as agreed .*: h \(ana\)/)
    // Chosen by a curator: nothing said.
    expect((await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'curated.jsonl', [{ id: 'd', text: TEXT, labels: [{ label: 'Politics', annotator: 'curated' }] }]))).code).toBe(0)
    const chosen = { labels: [{ label: 'Politics', annotator: 'curated' }] }
    const curatedAll = ['f', 'g', 'h'].map((id) => ({ id, text: id === 'f' ? TEXT : id === 'g' ? 'No spans here.' : 'By ana alone.', ...chosen }))
    expect((await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'curated-all.jsonl', curatedAll))).code).toBe(0)
    expect((await cli('export', '--curated-or-agreed', corpus)).stderr).not.toMatch(/document label/)
  })

  it('counts a place a curator settled as nothing as settled, and each document once where a format reads them twice (CoNLL)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const spans = AGREED_SPEAKER_AND_ANAS_CLAIM
    expect((await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [{ id: 'd', text: TEXT, spans }]))).code).toBe(0)
    const conll = await cli('export', '--curated-or-agreed', '--format', 'conll', '-o', join(folder, 'out.conll'), corpus)
    expect(conll.code, conll.stderr).toBe(0)
    expect(conll.stderr).toContain('note: 1 place where the analysts differ, in 1 document, not settled by a curator yet')
    const nothing = [{ place: 'place:12-31', annotator: 'curated', created_at: '2026-12-03T10:00:00Z' }]
    expect((await cli('import', '--existing', 'join', corpus, writeJsonl(folder, 'nothing.jsonl', [{ id: 'd', text: TEXT, settled_as_nothing: nothing }]))).code).toBe(0)
    expect((await cli('export', '--curated-or-agreed', corpus)).stderr).not.toMatch(/not settled by a curator yet/)
    // Formats other than JSONL that hold every analyst's work cannot hold such a decision: each export of them says so.
    for (const format of ['brat', 'label-studio', 'w3c']) {
      const output = join(folder, `out-${format}`)
      const other = await cli('export', '--format', format, '-o', output, corpus)
      expect(other.code, other.stderr).toBe(0)
      expect(other.stderr, format).toContain(`note: 1 curator's decision that a place or relation holds nothing (settled as nothing), in 1 document, not written: ${format} has no way to hold it`)
    }
    expect((await cli('export', corpus)).stderr).not.toMatch(/settled as nothing/)
  })

  it('names differing in case are told in any script (İpek and ipek, Irmak and ırmak, composed or not), the curated layer aside', () => {
    expect(namesDifferingInCaseOnly(['İpek', 'ipek', 'Irmak', 'ırmak', 'ZOE\u0308', 'zoë', 'ana', 'bob'])).toEqual([
      ['İpek', 'ipek'],
      ['Irmak', 'ırmak'],
      ['ZOE\u0308', 'zoë'],
    ])
    expect(caseOnlyNamesWarning(['curated', 'Curated', 'ana'])).toBeNull()
  })

  it('a source whose one document has another text is left alone, not said to share no document', async () => {
    const folder = scratch()
    const ours = join(folder, 'ours.marginalia')
    expect((await cli('import', ours, writeJsonl(folder, 'ours.jsonl', [{ id: 'd', text: TEXT }]))).code).toBe(0)
    const changed = join(folder, 'changed.marginalia')
    expect((await cli('import', changed, writeJsonl(folder, 'changed.jsonl', [{ id: 'd', text: 'Changed.' }, { id: 'e', text: 'New.' }]))).code).toBe(0)
    const merged = await cli('merge', ours, changed)
    expect(merged.stderr).toMatch(/document "d" left alone: its text differs/)
    expect(merged.stderr).not.toMatch(/shares no document/)
  })

  it('the settled set names the places an analyst changed after a curator settled them (it took the old decision unsaid)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const at = (minute: number) => `2026-12-03T10:${String(minute).padStart(2, '0')}:00Z`
    const spans = [
      ...AGREED_SPEAKER_AND_ANAS_CLAIM.slice(0, 2),
      { start: 12, end: 31, label: 'Claim', annotator: 'curated', created_at: at(1), updated_at: at(1) },
      { start: 12, end: 31, label: 'Claim', annotator: 'ana', attrs: { note: 'reworded' }, created_at: at(0), updated_at: at(5) },
    ]
    expect((await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [{ id: 'd', text: TEXT, spans }]))).code).toBe(0)
    const settled = await cli('export', '--curated-or-agreed', corpus)
    expect(settled.stderr).toContain("note: 1 place in 1 document changed by an analyst since a curator settled it: the settled set holds the curator's decision, which curation shows as open again (accept a version again to confirm or change it): d")
    expect(settled.stderr).not.toMatch(/not settled by a curator yet/)
  })
})
