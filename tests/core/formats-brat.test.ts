/**
 * brat standoff, read and written. The fixtures are written here from brat's description of its standoff
 * format (brat.nlplab.org/standoff.html): a `.txt` with a `.ann` beside it holding `T` text-bound
 * annotations (one discontinuous), an `R` relation, `A` and `M` attributes, an `N` normalization and a `#`
 * note; texts with emoji and CJK, whose offsets count code points as Python (and so brat) counts them.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cli, parseJsonl, scratch, writeJsonl } from '../helpers'
import { hardText, pythonLength } from './text-arbitraries'

/** An article, brat style: its text and its annotations (offsets worked out in Python, as brat counts). */
const SUMMIT_TXT = 'Mr Putin 😀 met 金正恩 in Vladivostok on Thursday.\nRussia was in favour of Pyongyang’s “full denuclearisation,” Mr Putin said.\n'
const SUMMIT_ANN = `T1\tSpeaker 0 8\tMr Putin
T2\tSpeaker 15 18\t金正恩
T3\tSource 22 33\tVladivostok
T4\tClaim 47 67;84 105\tRussia was in favour full denuclearisation
T5\tSpeaker 108 116\tMr Putin
R1\tattributed_to Arg1:T4 Arg2:T5
A1\tNegated T4
A2\tConfidence T1 High
M1\tSpeculation T2
#1\tAnnotatorNotes T1\tchecked against the transcript
N1\tReference T3 Wikipedia:Vladivostok\tVladivostok
`

/** Writes `files` (name → content) into a new folder and returns its path. */
function folderWith(files: Record<string, string | Buffer>): string {
  const folder = join(scratch(), 'brat')
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true })
    writeFileSync(join(folder, name), content)
  }
  return folder
}

/** Imports `paths` into a new corpus and exports it as JSONL. */
async function imported(paths: string[], ...options: string[]) {
  const corpus = join(scratch(), 'c.marginalia')
  const result = await cli('import', '--annotator', 'ana', ...options, corpus, ...paths)
  const exported = result.code === 0 ? (await cli('export', corpus)).stdout : ''
  return { result, corpus, exported, documents: parseJsonl(exported) as any[] }
}

/** A corpus made from JSONL records, its JSONL export, and its brat export in a folder. */
async function exportedAsBrat(records: unknown[]) {
  const folder = scratch()
  const corpus = join(folder, 'source.marginalia')
  const made = await cli('import', '--add-labels', '--annotator', 'ana', corpus, writeJsonl(folder, 'source.jsonl', records))
  expect(made.code, made.stderr).toBe(0)
  const out = join(folder, 'brat')
  const result = await cli('export', corpus, '--format', 'brat', '-o', out)
  expect(result.code, result.stderr).toBe(0)
  return { corpus, out, result, jsonl: (await cli('export', corpus)).stdout }
}

/** Code point offsets of `needle` in `text` (its `nth` occurrence). */
function at(text: string, needle: string, nth = 1) {
  let index = -1
  for (let i = 0; i < nth; i++) index = text.indexOf(needle, index + 1)
  const start = pythonLength(text.slice(0, index))
  return { start, end: start + pythonLength(needle) }
}

describe('brat import', () => {
  it('reads T, R, A, M, N and # lines; a discontinuous T becomes one span per fragment, marked and counted', async () => {
    const folder = folderWith({ 'summit.txt': SUMMIT_TXT, 'summit.ann': SUMMIT_ANN })
    const { result, documents } = await imported([folder])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 1 document \(6 spans, 1 relation, 0 document labels\) from 1 file/)
    // Each at the .ann line it is about: T4 on line 4, R1 on line 6.
    expect(result.stderr).toMatch(/warning: brat annotation in several fragments imported as one span per fragment \(marked in attrs\.brat_fragment\) \(at \S+summit\.ann:4\)/)
    expect(result.stderr).toMatch(/warning: relation to a discontinuous brat annotation attached to its first fragment \(at \S+summit\.ann:6\)/)
    const [doc] = documents
    expect(doc).toMatchObject({ id: 'summit', title: 'summit', text: SUMMIT_TXT, status: 'todo', meta: {} })
    expect(doc.spans.map((s: any) => [s.id, s.start, s.end, s.label, s.text, s.attrs, s.annotator])).toEqual([
      [1, 0, 8, 'Speaker', 'Mr Putin', { Confidence: 'High', note: 'checked against the transcript' }, 'ana'],
      [2, 15, 18, 'Speaker', '金正恩', { Speculation: true }, 'ana'],
      [3, 22, 33, 'Source', 'Vladivostok', { normalizations: [{ type: 'Reference', ref: 'Wikipedia:Vladivostok', text: 'Vladivostok' }] }, 'ana'],
      [4, 47, 67, 'Claim', 'Russia was in favour', { Negated: true, brat_fragment: { id: 'T4', part: 1, of: 2 } }, 'ana'],
      [6, 84, 105, 'Claim', 'full denuclearisation', { Negated: true, brat_fragment: { id: 'T4', part: 2, of: 2 } }, 'ana'],
      [5, 108, 116, 'Speaker', 'Mr Putin', {}, 'ana'],
    ])
    expect(doc.relations).toMatchObject([{ id: 1, head: 4, child: 5, label: 'attributed_to', annotator: 'ana' }])
  })

  it('reads a .txt named on the command line with the .ann beside it, and offsets in UTF-16 with --offsets', async () => {
    const toUtf16 = (offset: string): number => [...SUMMIT_TXT].slice(0, Number(offset)).join('').length
    const utf16 = SUMMIT_ANN.split('\n')
      .filter((line) => /^T[1235]\t/.test(line))
      .map((line) => line.replace(/ (\d+) (\d+)\t/, (_, start, end) => ` ${toUtf16(start)} ${toUtf16(end)}\t`))
      .join('\n')
    const folder = folderWith({ 'summit.txt': SUMMIT_TXT, 'summit.ann': utf16 })
    // Read as brat counts, they miss the text after the emoji: the refusal says which unit they fit.
    const asBrat = await imported([join(folder, 'summit.txt')])
    expect(asBrat.result.code).toBe(1)
    expect(asBrat.result.stderr).toMatch(
      /summit\.ann:2: T2: text "金正恩" differs from the \.txt at \[16, 19\): "正恩 " \(every T text fits if the offsets count UTF-16 code units: import with --offsets utf16\)/,
    )
    const { result, documents } = await imported([join(folder, 'summit.txt')], '--offsets', 'utf16')
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].spans.map((s: any) => [s.start, s.end, s.text])).toEqual([
      [0, 8, 'Mr Putin'],
      [15, 18, '金正恩'],
      [22, 33, 'Vladivostok'],
      [108, 116, 'Mr Putin'],
    ])
  })

  it('counts a CRLF as one character and keeps a BOM counted, as brat does; a tool that counted CRLF as two is read as such, with a remark', async () => {
    const text = '\ufeffMr Putin said:\r\n“Talks went well.”\r\n'
    const pythonWay = 'T1\tSpeaker 1 9\tMr Putin\nT2\tClaim 17 33\tTalks went well.\n'
    const crlfAsTwo = 'T1\tSpeaker 1 9\tMr Putin\nT2\tClaim 18 34\tTalks went well.\n'
    for (const ann of [pythonWay, crlfAsTwo]) {
      const { result, documents } = await imported([folderWith({ 'a.txt': text, 'a.ann': ann })])
      expect(result.code, result.stderr).toBe(0)
      expect(documents[0].text).toBe('Mr Putin said:\n“Talks went well.”\n')
      expect(documents[0].spans.map((s: any) => [s.start, s.end, s.text])).toEqual([
        [0, 8, 'Mr Putin'],
        [16, 32, 'Talks went well.'],
      ])
      expect(/offsets read as the tool that wrote them counted \(they count a CRLF line end as two characters\)/.test(result.stderr)).toBe(ann === crlfAsTwo)
    }
  })

  it('refuses, naming file and line, what it cannot import, and writes nothing', async () => {
    const cases: [string, RegExp][] = [
      ['T1\tSpeaker 0 8\tMr Putin\nE1\tMeeting:T1 Agent:T1\n', /a\.ann:2: E1: brat events \(E\) cannot be imported/],
      ['T1\tSpeaker 0 8\tMr Putin\nT2\tSpeaker 108 116\tMr Putin\n*\tEquiv T1 T2\n', /a\.ann:3: equivalence sets \(\*\) cannot be imported/],
      ['T1\tSpeaker 0 8\tMr Pútin\n', /a\.ann:1: T1: text "Mr Pútin" differs from the \.txt at \[0, 8\): "Mr Putin"/],
      ['T1\tSpeaker 0 8\tMr Putin\nT2\tSpeaker 120 130\tsaid.\n', /a\.ann:2: T2: offset 130 is past the end of the text \(123 characters\)/],
      ['T1\tSpeaker 0 8\tMr Putin\nR1\tattributed_to Arg1:T1 Arg2:T9\n', /a\.ann:2: R1: refers to T9, which this file does not have/],
      ['T1\tSpeaker 0 8\tMr Putin\nA1\tNegated T7\n', /a\.ann:2: A1: refers to T7, which this file does not have/],
      ['T1\tSpeaker 0 8\tMr Putin\nT1\tSpeaker 15 18\t金正恩\n', /a\.ann:2: T1: repeats the id of line 1/],
      ['T1 Speaker 0 8 Mr Putin\n', /a\.ann:1: not a brat annotation: expected an id, a tab and the annotation/],
      ['T1\tSpeaker 8 0\tMr Putin\n', /a\.ann:1: T1: start 8 is after end 0/],
      ['T1\tSpeaker 0 8;4 10\tMr Putin tin 😀\n', /a\.ann:1: T1: its fragments overlap/],
      ['X1\tSomething T1\n', /a\.ann:1: X1: "X" is not a kind of brat annotation Marginalia reads/],
      // Refused by the corpus's label set, named where the .ann says it, not by the place in the imported record.
      ['T1\tSpeaker 0 8\tMr Putin\nT2\tPerson 0 2\tMr\n', /a\.ann:2: T2: unknown span label "Person"/],
      ['T1\tSpeaker 0 8\tMr Putin\nT2\tSpeaker 0 2\tMr\nR1\tquoted Arg1:T1 Arg2:T2\n', /a\.ann:3: R1: unknown relation label "quoted"/],
      ['T1\tSpeaker 0 8\tMr Putin\nT2\tSpeaker 0 2\tMr\nR1\tattributed_to Arg1:T1 Arg2:T2\n', /a\.ann:3: R1: "attributed_to" needs a head labelled Claim, but T1 is Speaker/],
    ]
    for (const [ann, expected] of cases) {
      const { result, corpus } = await imported([folderWith({ 'a.txt': SUMMIT_TXT, 'a.ann': ann })])
      expect(result.code, ann).toBe(1)
      expect(result.stderr, ann).toMatch(expected)
      expect(result.stderr.split('\n').filter((line) => /a\.ann:\d+:/.test(line))).toHaveLength(1)
      expect(existsSync(corpus)).toBe(false)
    }
  })

  it('with --skip-invalid, counts a document with several bad lines as one record skipped, listing each problem', async () => {
    const bad = 'T1\tSpeaker 0 8\tMr Pútin\nT2\tSpeaker 8 0\tMr Putin\n'
    const { result, documents } = await imported([folderWith({ 'a.txt': SUMMIT_TXT, 'a.ann': bad, 'b.txt': SUMMIT_TXT, 'b.ann': 'T1\tSpeaker 0 8\tMr Putin\n', 'c.txt': SUMMIT_TXT, 'c.ann': 'X1\tSomething T1\n' })], '--skip-invalid')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/skipped \S+a\.ann:1: T1: text "Mr Pútin" differs/)
    expect(result.stderr).toMatch(/skipped \S+a\.ann:2: T2: start 8 is after end 0/)
    expect(result.stderr).toMatch(/skipped \S+c\.ann:1: X1:/)
    expect(result.stderr).toMatch(/imported 1 document .*; 2 invalid records skipped \(3 problems, each listed\)/)
    expect(documents.map((d) => d.id)).toEqual(['b'])
  })

  it('refuses a .meta beside a pair that is not one Marginalia wrote, naming it', async () => {
    for (const [meta, expected] of [
      ['{"marginalia": 1', /a\.meta: invalid JSON/],
      ['{"marginalia": 2}', /a\.meta: not a Marginalia \.meta file: marginalia: /],
    ] as const) {
      const { result } = await imported([folderWith({ 'a.txt': SUMMIT_TXT, 'a.ann': 'T1\tSpeaker 0 8\tMr Putin\n', 'a.meta': meta })])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(expected)
    }
  })

  it('leaves out, counted and named, an attribute or note on a relation, which Marginalia relations cannot hold', async () => {
    const ann = 'T1\tClaim 47 67\tRussia was in favour\nT2\tSpeaker 108 116\tMr Putin\nR1\tattributed_to Arg1:T1 Arg2:T2\nA1\tNegated R1\n'
    const { result, documents } = await imported([folderWith({ 'a.txt': SUMMIT_TXT, 'a.ann': ann })])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: .*a\.ann:4: A1 on relation R1 left out \(Marginalia relations have no attributes or notes\)/)
    expect(documents[0].relations).toHaveLength(1)
  })

  it('merges a T given twice, or a fragment over a T given whole, into one span with the notes of both: the corpus checks clean', async () => {
    const ann = [
      'T1\tSpeaker 0 8\tMr Putin',
      'T2\tSpeaker 0 8\tMr Putin',
      '#1\tAnnotatorNotes T2\tconfirmed by AP',
      'T3\tClaim 84 105\tfull denuclearisation',
      'T4\tClaim 47 67;84 105\tRussia was in favour full denuclearisation',
      'R1\tattributed_to Arg1:T4 Arg2:T1',
      '',
    ].join('\n')
    const { result, corpus, documents } = await imported([folderWith({ 'a.txt': SUMMIT_TXT, 'a.ann': ann })])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/2 spans given twice \(same offsets, label and analyst\) merged into the first, attributes combined/)
    expect(documents[0].spans.map((s: any) => [s.label, s.text, s.attrs.note ?? null])).toEqual([
      ['Speaker', 'Mr Putin', 'confirmed by AP'],
      ['Claim', 'Russia was in favour', null],
      ['Claim', 'full denuclearisation', null],
    ])
    expect(documents[0].relations).toHaveLength(1)
    const check = await cli('check', corpus)
    expect(check.code, check.stdout + check.stderr).toBe(0)
  })

  it('lists stray .ann files, without their .txt, as skipped', async () => {
    const folder = folderWith({ 'summit.txt': SUMMIT_TXT, 'summit.ann': SUMMIT_ANN, 'lost.ann': 'T1\tSpeaker 0 2\tMr\n', 'old/gone.ann': '' })
    const { result, documents } = await imported([folder])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: skipped 2 files \(\.ann without its \.txt\), not imported: .*lost\.ann, .*gone\.ann/)
    expect(documents.map((d) => d.id)).toEqual(['summit'])
  })

  it('pairs a .txt with its .ann whatever the case of either extension, and lists none of them as skipped', async () => {
    const folder = folderWith({ 'upper.txt': SUMMIT_TXT, 'upper.ANN': SUMMIT_ANN, 'up.TXT': SUMMIT_TXT, 'up.ann': SUMMIT_ANN, 'Lost.Ann': 'T1\tSpeaker 0 2\tMr\n' })
    const { result, documents } = await imported([folder])
    expect(result.code, result.stderr).toBe(0)
    expect(documents.map((d) => [d.id, d.spans.length])).toEqual([
      ['up', 6],
      ['upper', 6],
    ])
    expect(result.stderr).toMatch(/warning: skipped 1 file \(\.ann without its \.txt\), not imported: \S*Lost\.Ann\n/)
  })

  it('says to name the .txt (or the folder) when a .ann is named alone', async () => {
    const folder = folderWith({ 'summit.txt': SUMMIT_TXT, 'summit.ann': SUMMIT_ANN })
    const { result } = await imported([join(folder, 'summit.ann')])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/summit\.ann: a brat \.ann is read with the \.txt of its text: name .*summit\.txt, or the folder\n/)
  })
})

/** A document that uses everything brat holds, and what it does not: emoji, CJK, a span across a line end. */
const SUMMIT = {
  id: 'a-summit',
  title: 'Summit in Vladivostok',
  status: 'done',
  meta: { url: 'https://example.org/summit', outlet: 'wire' },
  text: SUMMIT_TXT,
  spans: [
    { id: 1, ...at(SUMMIT_TXT, 'Mr Putin'), label: 'Speaker', annotator: 'ben', attrs: { note: 'checked\nagainst the transcript', confidence: 0.9, Negated: true } },
    { id: 2, ...at(SUMMIT_TXT, '金正恩'), label: 'Speaker', attrs: { Certainty: 'high' } },
    { id: 3, ...at(SUMMIT_TXT, 'Thursday.\nRussia'), label: 'Named entity' },
    { id: 7, ...at(SUMMIT_TXT, 'full denuclearisation'), label: 'Claim', attrs: { normalizations: [{ type: 'Reference', ref: 'Wikidata:Q1', text: 'x' }] } },
    { id: 8, ...at(SUMMIT_TXT, 'Mr Putin', 2), label: 'Speaker' },
  ],
  relations: [{ id: 4, head: 7, child: 8, label: 'attributed_to', annotator: 'ben' }],
  labels: [{ label: 'Politics', annotator: 'ben' }],
}

/**
 * Documents whose ids need care as file names (a folder, CJK, two that differ only in case), in the order
 * import walks a folder (by file name), so that a round trip gives them back in the same order.
 */
const RECORDS = [
  { id: 'Case', text: 'Upper.', spans: [] },
  SUMMIT,
  { id: 'b/nested/中文', text: '金正恩和普京在符拉迪沃斯托克会面。😀', spans: [{ start: 0, end: 3, label: 'Speaker' }, { start: 4, end: 6, label: 'Speaker' }] },
  { id: 'case', text: 'lower.', spans: [{ start: 0, end: 5, label: 'Spam' }] },
]

describe('brat export', () => {
  it('writes a .txt, .ann and .meta per document, annotation.conf and visual.conf, and says what brat could not hold', async () => {
    const { out, result } = await exportedAsBrat(RECORDS)
    expect(readdirSync(out, { recursive: true, encoding: 'utf8' }).sort()).toEqual([
      'Case.ann', 'Case.meta', 'Case.txt', 'a-summit.ann', 'a-summit.meta', 'a-summit.txt', 'annotation.conf', 'b', 'b/nested',
      'b/nested/中文.ann', 'b/nested/中文.meta', 'b/nested/中文.txt', 'case~2.ann', 'case~2.meta', 'case~2.txt', 'visual.conf',
    ])
    expect(readFileSync(join(out, 'a-summit.txt'), 'utf8')).toBe(SUMMIT_TXT)
    expect(readFileSync(join(out, 'a-summit.ann'), 'utf8')).toBe(
      [
        'T1\tSpeaker 0 8\tMr Putin',
        '#1\tAnnotatorNotes T1\tchecked',
        '#2\tAnnotatorNotes T1\tagainst the transcript',
        'A1\tNegated T1',
        'T2\tSpeaker 15 18\t金正恩',
        'A2\tCertainty T2 high',
        'T3\tNamed_entity 37 46;47 53\tThursday. Russia',
        'T7\tClaim 84 105\tfull denuclearisation',
        'N1\tReference T7 Wikidata:Q1\tx',
        'T8\tSpeaker 108 116\tMr Putin',
        'R4\tattributed_to Arg1:T7 Arg2:T8',
        '',
      ].join('\n'),
    )
    const conf = readFileSync(join(out, 'annotation.conf'), 'utf8')
    expect(conf).toMatch(/\[entities\]\nClaim\nSpeaker\nSource\nSpam\nNamed_entity\n/)
    expect(conf).toMatch(/\[relations\]\nattributed_to\tArg1:Claim, Arg2:Speaker\|Source\n/)
    expect(conf).toMatch(/\[attributes\]\nCertainty\tArg:<ENTITY>, Value:high\nNegated\tArg:<ENTITY>\n/)
    expect(readFileSync(join(out, 'visual.conf'), 'utf8')).toMatch(/\[labels\]\nNamed_entity \| Named entity\n[\s\S]*Speaker\tbgColor:#1971c2/)
    expect(result.stderr).toMatch(/note: brat has no place for annotators, times, titles, statuses, metadata, document labels \(1\) .*kept in a \.meta file beside each pair/)
    expect(result.stderr).toMatch(/note: 1 label renamed for brat.*"Named entity" as Named_entity/)
    expect(result.stderr).toMatch(/note: 1 span across a line end written as fragments split there/)
    expect(result.stderr).toMatch(/note: 1 span attribute brat cannot hold kept in the \.meta files only/)
    expect(result.stderr).toMatch(/exported 4 documents to /)
  })

  it('refuses a folder that already holds files, unless --force', async () => {
    const { corpus, out } = await exportedAsBrat([RECORDS[0], RECORDS[3]])
    const again = await cli('export', corpus, '--format', 'brat', '-o', out)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toMatch(/is not empty; give an empty or new folder \(or --force to write into it\)/)
    expect((await cli('export', corpus, '--format', 'brat', '-o', out, '--force')).code).toBe(0)
  })

  it('with --force, says what it left there that it did not write (an earlier export\'s documents, which an import of the folder reads too)', async () => {
    // One of them in folders of its id (b/nested/中文), whose files are named too.
    const { out } = await exportedAsBrat([RECORDS[0], RECORDS[2]])
    const before = (readdirSync(out, { recursive: true }) as string[])
      .filter((name) => statSync(join(out, name)).isFile() && name !== 'annotation.conf' && name !== 'visual.conf')
      .map((name) => name.split(sep).join('/'))
      .sort()
    expect(before.some((name) => name.startsWith('b/nested/'))).toBe(true)
    const folder = scratch()
    const other = join(folder, 'other.marginalia')
    expect((await cli('import', '--add-labels', other, writeJsonl(folder, 'other.jsonl', [{ id: 'fresh', text: 'A fresh one.', spans: [] }]))).code).toBe(0)
    const again = await cli('export', other, '--format', 'brat', '-o', out, '--force')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`note: ${before.length} files already in ${out} were left there, not written by this export (${before.slice(0, 5).join(', ')}`)
    expect(again.stderr).toMatch(/an import of the folder reads those of a format it reads too; export into an empty folder to have this export alone/)
    // Written again over the same export: nothing left that it did not write, nothing said.
    expect((await cli('export', other, '--format', 'brat', '-o', join(folder, 'new'))).code).toBe(0)
    expect((await cli('export', other, '--format', 'brat', '-o', join(folder, 'new'), '--force')).stderr).not.toMatch(/left there/)
  })
})

describe('brat round trips: JSONL → brat → JSONL', () => {
  it('gives the same bytes back, annotators, times, ids, attributes and all (the .meta files keep what brat cannot)', async () => {
    const { out, jsonl } = await exportedAsBrat(RECORDS)
    const { result, exported } = await imported([out], '--add-labels', '--annotator', 'someone-else')
    expect(result.code, result.stderr).toBe(0)
    expect(exported).toBe(jsonl)
    expect(result.stderr).not.toMatch(/\.meta/) // the .meta files were read with their pairs, not skipped
  })

  it('gives the same bytes back for any text and spans (emoji, combining marks, CJK, RTL, line ends)', async () => {
    await fc.assert(
      fc.asyncProperty(
        hardText(30)
          .map((text) => text.replace(/\r\n?/g, '\n').replace(/^\ufeff/, ''))
          .chain((text) => {
            // Spans around a character that is not a line break (brat cannot show a span of line breaks only).
            const characters = [...text]
            const visible = characters.flatMap((character, i) => (/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/u.test(character) ? [] : [i]))
            if (visible.length === 0) return fc.tuple(fc.constant(text), fc.constant<{ start: number; end: number; label: string }[]>([]))
            const span = fc
              .tuple(fc.constantFrom(...visible), fc.nat({ max: 6 }), fc.nat({ max: 6 }), fc.constantFrom('Claim', 'Speaker', 'Odd label ✓'))
              .map(([at, before, after, label]): { start: number; end: number; label: string } => ({ start: Math.max(0, at - before), end: Math.min(characters.length, at + 1 + after), label }))
            return fc.tuple(fc.constant(text), fc.array(span, { maxLength: 4 }))
          }),
        async ([text, spans]) => {
          const { out, jsonl } = await exportedAsBrat([{ id: 'doc', text, spans: spans.map((s, i) => ({ ...s, attrs: i % 2 ? { note: 'a\nb', flag: true } : {} })) }])
          const { result, exported } = await imported([out], '--add-labels')
          expect(result.code, result.stderr).toBe(0)
          expect(exported).toBe(jsonl)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('reads back its own export of a text holding NUL characters (seed -313061170 of the property above)', async () => {
    const text = 'Mr\u0000 Putin \u0000\u0000said\u0000'
    const { out, jsonl } = await exportedAsBrat([{ id: 'doc', text, spans: [{ start: 0, end: 2, label: 'Speaker', attrs: {} }] }])
    const { result, exported } = await imported([out], '--add-labels')
    expect(result.code, result.stderr).toBe(0)
    expect(exported).toBe(jsonl)
  })

  it('keeps every span without the .meta files, as brat alone holds them (labels named by visual.conf, fragments as parts)', async () => {
    const { out, jsonl } = await exportedAsBrat(RECORDS)
    for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) if (file.endsWith('.meta')) rmSync(join(out, file))
    const { result, documents } = await imported([out], '--add-labels')
    expect(result.code, result.stderr).toBe(0)
    const before = parseJsonl(jsonl) as any[]
    const byId = new Map(documents.map((d) => [d.id, d]))
    expect([...byId.keys()].sort()).toEqual(['Case', 'a-summit', 'b/nested/中文', 'case~2'])
    const original = before.map((d) => ({ ...d, id: d.id === 'case' ? 'case~2' : d.id }))
    for (const doc of original) {
      const back = byId.get(doc.id)
      expect(back.text).toBe(doc.text)
      const expected = doc.spans.flatMap((s: any) =>
        s.label === 'Named entity'
          ? [
              [s.id, s.start, s.start + 9, 'Named entity'],
              [9, s.start + 10, s.end, 'Named entity'],
            ]
          : [[s.id, s.start, s.end, s.label]],
      )
      expect(back.spans.map((s: any) => [s.id, s.start, s.end, s.label])).toEqual(expected.sort((a: any, b: any) => a[1] - b[1]))
      expect(back.relations.map((r: any) => [r.id, r.head, r.child, r.label])).toEqual(doc.relations.map((r: any) => [r.id, r.head, r.child, r.label]))
    }
    // What brat holds of the attributes comes back; the number, kept only in the .meta, does not.
    expect(byId.get('a-summit').spans[0].attrs).toEqual({ note: 'checked\nagainst the transcript', Negated: true })
  })

  it('takes what was edited in brat: a changed span or relation is credited to the importer, attributes are as brat has them', async () => {
    const { out } = await exportedAsBrat([SUMMIT])
    const ann = readFileSync(join(out, 'a-summit.ann'), 'utf8')
    const edited = ann
      .replace('T2\tSpeaker 15 18\t金正恩', 'T2\tSource 15 18\t金正恩') // relabelled
      .replace(/^T8.*\n/m, '') // deleted
      .replace('R4\tattributed_to Arg1:T7 Arg2:T8', 'R4\tattributed_to Arg1:T7 Arg2:T1') // moved to another speaker
      .replace('A1\tNegated T1\n', 'A1\tVerified T1\n') // one attribute taken off T1, another put on
      .replace('A2\tCertainty T2 high', 'A2\tCertainty T2 low')
    writeFileSync(join(out, 'a-summit.ann'), edited)
    const { result, documents } = await imported([out], '--add-labels', '--annotator', 'cleo')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: span changed in brat since Marginalia exported it: its annotator and times are this import's/)
    expect(result.stderr).toMatch(/warning: .*a-summit\.ann: 1 span of its \.meta no longer in the \.ann \(deleted in brat\)/)
    expect(documents[0].spans.map((s: any) => [s.id, s.label, s.annotator, s.attrs])).toEqual([
      [1, 'Speaker', 'ben', { confidence: 0.9, note: 'checked\nagainst the transcript', Verified: true }],
      [2, 'Source', 'cleo', { Certainty: 'low' }],
      [3, 'Named entity', 'ana', {}],
      [7, 'Claim', 'ana', { normalizations: [{ type: 'Reference', ref: 'Wikidata:Q1', text: 'x' }] }],
    ])
    expect(documents[0].relations.map((r: any) => [r.id, r.head, r.child, r.annotator])).toEqual([[4, 7, 1, 'cleo']])
  })
})

describe('brat export, read by Python', () => {
  it('has .ann offsets that slice the .txt as Python reads it, and ids that every line refers to', async (context) => {
    if (spawnSync('python3', ['--version']).status !== 0) {
      console.warn('skipped: python3 is not installed, so the Python check of the brat export cannot run')
      context.skip()
    }
    {
      const { out, jsonl } = await exportedAsBrat(RECORDS)
      const script = String.raw`
import json, os, sys
root = sys.argv[1]
found = {}
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith('.ann'):
            continue
        base = os.path.join(folder, name[:-4])
        with open(base + '.txt', encoding='utf-8') as f:  # universal newlines, as brat reads it
            text = f.read()
        ids, refs = set(), []
        for number, line in enumerate(open(base + '.ann', encoding='utf-8'), 1):
            fields = line.rstrip('\n').split('\t')
            ident, data = fields[0], fields[1]
            ids.add(ident)
            if ident.startswith('T'):
                kind, offsets = data.split(' ', 1)
                pieces = [tuple(int(n) for n in piece.split()) for piece in offsets.split(';')]
                assert fields[2] == ' '.join(text[s:e] for s, e in pieces), (base, number)
                found.setdefault(os.path.relpath(base, root), []).append([ident, kind, [text[s:e] for s, e in pieces]])
            elif ident.startswith('R'):
                refs += [arg.split(':')[1] for arg in data.split(' ')[1:]]
            else:
                refs.append(data.split(' ')[1])
        assert all(ref in ids for ref in refs), (base, refs)
print(json.dumps(found, ensure_ascii=False, sort_keys=True))
`
      const found = JSON.parse(execFileSync('python3', ['-c', script, out], { encoding: 'utf8' }))
      const documents = parseJsonl(jsonl) as any[]
      const names: Record<string, string> = { 'a-summit': 'a-summit', 'b/nested/中文': 'b/nested/中文', Case: 'Case', case: 'case~2' }
      const expected: Record<string, unknown[]> = {}
      for (const doc of documents) {
        if (doc.spans.length === 0) continue
        expected[names[doc.id]] = doc.spans.map((s: any) => [`T${s.id}`, s.label.replace(' ', '_'), s.text.split('\n')])
      }
      expect(found).toEqual(expected)
    }
  })
})

describe('the label set a brat folder declares (annotation.conf, visual.conf)', () => {
  it('is the label set of a corpus made from the folder: names (also those brat renamed), colours, relation rules and keys', async () => {
    const folder = scratch()
    const source = join(folder, 'source.marginalia')
    const labelFile = join(folder, 'labels.json')
    writeFileSync(labelFile, JSON.stringify([
      { name: 'Claim', kind: 'span', color: '#aa0000', hotkey: '1', attributes: [{ name: 'Certainty', values: ['high', 'low', 'two words'] }] },
      { name: 'Time span', kind: 'span', color: '#00aa00', hotkey: '2' },
      { name: 'Speaker', kind: 'span', color: '#0000aa', hotkey: '3' },
      { name: 'attributed_to', kind: 'relation', color: '#7048e8', hotkey: 'a', head: ['Claim'], child: ['Speaker'] },
    ]))
    const records = [{ id: 'a', text: 'Mr Putin said on Thursday that talks went well.', spans: [{ start: 0, end: 8, label: 'Speaker' }, { start: 14, end: 25, label: 'Time span' }, { start: 26, end: 46, label: 'Claim' }], relations: [] }]
    expect((await cli('import', '--labels', labelFile, source, writeJsonl(folder, 'in.jsonl', records))).code).toBe(0)
    const out = join(folder, 'brat')
    expect((await cli('export', source, '--format', 'brat', '-o', out)).code).toBe(0)
    // Every value a label declares, used or not (brat offers them); none brat cannot hold.
    expect(readFileSync(join(out, 'annotation.conf'), 'utf8')).toMatch(/\[attributes\]\nCertainty\tArg:<ENTITY>, Value:high\|low\n/)
    const { result, corpus, exported } = await imported([out]) // no --add-labels: the folder says what its labels are
    expect(result.code, result.stderr).toBe(0)
    const labels = (path: string) => cli('labels', '--json', path).then((r) => JSON.parse(r.stdout).map((l: any) => [l.name, l.kind, l.color, l.head, l.child]))
    expect(await labels(corpus)).toEqual(await labels(source))
    expect((parseJsonl(exported)[0].spans as { label: string }[]).map((s) => s.label)).toEqual(['Speaker', 'Time span', 'Claim'])
  })

  it('maps the types of a Marginalia export read without its .meta files back to the names visual.conf gives them, also for a sub-folder', async () => {
    const folder = scratch()
    const labelFile = join(folder, 'labels.json')
    writeFileSync(labelFile, JSON.stringify([
      { name: 'Time span', kind: 'span', color: '#00aa00', hotkey: '1' },
      { name: 'Time_span', kind: 'span', color: '#00aa00', hotkey: '2' },
      { name: 'Claim', kind: 'span', color: '#aa0000', hotkey: '3' },
      { name: 'Speaker', kind: 'span', color: '#0000aa', hotkey: '4' },
      { name: 'said by', kind: 'relation', color: '#7048e8', hotkey: 'a', head: ['Claim'], child: ['Speaker'] },
    ]))
    const text = 'Mr Putin said on Monday that talks went well on Tuesday.'
    const spans = [
      { id: 1, start: 0, end: 8, label: 'Speaker' },
      { id: 2, start: 17, end: 23, label: 'Time span' },
      { id: 3, start: 29, end: 44, label: 'Claim' },
      { id: 4, start: 48, end: 55, label: 'Time_span' },
    ]
    const source = join(folder, 'source.marginalia')
    const records = [{ id: 'news/a', text, spans, relations: [{ id: 1, head: 3, child: 1, label: 'said by' }] }]
    expect((await cli('import', '--labels', labelFile, source, writeJsonl(folder, 'in.jsonl', records))).code).toBe(0)
    const out = join(folder, 'brat')
    expect((await cli('export', source, '--format', 'brat', '-o', out)).code).toBe(0)
    rmSync(join(out, 'news', 'a.meta'))
    const named = (documents: any[]) => {
      const document = documents.find((d) => d.id !== 'x')
      return [document.spans.map((s: any) => s.label), document.relations.map((r: any) => r.label)]
    }
    const expected = [['Speaker', 'Time span', 'Claim', 'Time_span'], ['said by']]
    const asNew = await imported([out])
    expect(asNew.result.code, asNew.result.stderr).toBe(0)
    expect(named(asNew.documents)).toEqual(expected)
    // Into a corpus with the labels, --add-labels adds none; the sub-folder finds the visual.conf above it.
    for (const input of [out, join(out, 'news')]) {
      const corpus = join(scratch(), 'c.marginalia')
      expect((await cli('import', '--labels', labelFile, corpus, writeJsonl(folder, 'empty.jsonl', [{ id: 'x', text: 'x' }]))).code).toBe(0)
      const result = await cli('import', '--add-labels', corpus, input)
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).not.toMatch(/added|Time_span_2|said_by/)
      expect(named(parseJsonl((await cli('export', corpus)).stdout))).toEqual(expected)
      expect(JSON.parse((await cli('labels', '--json', corpus)).stdout)).toHaveLength(5)
    }
  })

  it('reads a hand-written brat configuration: nested and abstract entity types, placeholders, colours; --add-labels takes its definitions', async () => {
    const out = folderWith({
      'doc.txt': 'Mr Putin said talks went well.\n',
      'doc.ann': 'T1\tPerson 0 8\tMr Putin\nT2\tStatement 14 29\ttalks went well\nR1\tSaid Arg1:T2 Arg2:T1\n',
      'annotation.conf': '# a brat configuration\n[entities]\n!Entity\n\tPerson\n\tStatement\n\n[relations]\nSaid\tArg1:Statement, Arg2:Person|<ENTITY>\n<OVERLAP>\tArg1:Person, Arg2:Person, <OVERLAP-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n',
      'visual.conf': '[labels]\nPerson | Person | Per\n[drawing]\nPerson\tbgColor:#ffccaa\nStatement\tbgColor:#aaccff, borderColor:darken\nSaid\tcolor:#3355ff, dashArray:3-3\n',
    })
    const { result, corpus, documents } = await imported([out])
    expect(result.code, result.stderr).toBe(0)
    const labels = JSON.parse((await cli('labels', '--json', corpus)).stdout)
    expect(labels.map((l: any) => [l.name, l.kind, l.color, l.hotkey, l.head, l.child])).toEqual([
      ['Person', 'span', '#ffccaa', '1', null, null], // !Entity only groups them: brat annotates with none
      ['Statement', 'span', '#aaccff', '2', null, null],
      ['Said', 'relation', '#3355ff', 'a', ['Statement'], null], // Person|<ENTITY>: any entity
    ])
    expect(documents[0].relations.map((r: any) => r.label)).toEqual(['Said'])
    // Into a corpus with the news labels: --add-labels adds them with the folder's colours and rules.
    const news = join(scratch(), 'news.marginalia')
    expect((await cli('sample', news)).code).toBe(0)
    const added = await cli('import', '--add-labels', news, out)
    expect(added.code, added.stderr).toBe(0)
    const newsLabels = JSON.parse((await cli('labels', '--json', news)).stdout)
    expect(newsLabels.find((l: any) => l.name === 'Person')).toMatchObject({ color: '#ffccaa', hotkey: null })
    expect(newsLabels.find((l: any) => l.name === 'Said')).toMatchObject({ color: '#3355ff', head: ['Statement'], child: null, hotkey: null }) // its key a is attributed_to's
  })

  it("reads brat's type hierarchy in relation rules: a type in ArgN allows its subtypes; macros and <ANY> are expanded; an abstract (!) type is no label", async () => {
    const out = folderWith({
      'd.txt': 'Mr Smith lives in Paris.\n',
      'd.ann': 'T1\tPerson 0 8\tMr Smith\nT2\tGPE 18 23\tParis\nR1\tLocated Arg1:T1 Arg2:T2\nR2\tNear Arg1:T2 Arg2:T1\nR3\tAnything Arg1:T2 Arg2:T1\n',
      'annotation.conf':
        '[entities]\nPerson\n!Location\n\tGPE\n\t\tCity\n\tFacility\nOther\n\n[relations]\n<PLACE>=Location|Other\nLocated\tArg1:Person, Arg2:Location\nNear\tArg1:<PLACE>, Arg2:Person\nAnything\tArg1:<ANY>, Arg2:Person\n\n[events]\n\n[attributes]\n',
    })
    const { result, corpus, documents } = await imported([out])
    expect(result.code, result.stderr).toBe(0)
    const labels = JSON.parse((await cli('labels', '--json', corpus)).stdout)
    expect(labels.map((l: any) => [l.name, l.kind, l.head, l.child])).toEqual([
      ['Person', 'span', null, null],
      ['GPE', 'span', null, null],
      ['City', 'span', null, null],
      ['Facility', 'span', null, null],
      ['Other', 'span', null, null],
      ['Located', 'relation', ['Person'], ['GPE', 'City', 'Facility']],
      ['Near', 'relation', ['GPE', 'City', 'Facility', 'Other'], ['Person']],
      ['Anything', 'relation', null, ['Person']],
    ])
    expect(documents[0].relations.map((r: any) => r.label)).toEqual(['Located', 'Near', 'Anything'])
  })
})
