/**
 * CoNLL / IOB2, read and written. The fixtures are written here after the CoNLL-2003 shared task's description
 * of its data (a word per line with its tags, the named entity tag last, columns split by a space, an empty
 * line after each sentence, `-DOCSTART-` lines between documents; IOB1 tags, `I-TYPE` with `B-TYPE` only
 * where two phrases of one type meet) and the IOB2 variant most tools now read and write.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { cli, parseJsonl, scratch, writeJsonl } from '../helpers'
import { pythonLength } from './text-arbitraries'

/** Two documents in CoNLL-2003's four columns (word, part of speech, chunk, named entity), tagged IOB2. */
const NEWS = `-DOCSTART- -X- -X- O

Mr NNP B-NP B-PER
Putin NNP I-NP I-PER
met VBD B-VP O
金正恩 NNP B-NP B-PER
in IN B-PP O
Vladivostok NNP B-NP B-LOC
. . O O

He PRP B-NP O
smiled VBD B-VP O
😀 SYM O O
. . O O

-DOCSTART- -X- -X- O

The DT B-NP O
United NNP I-NP B-ORG
Nations NNP I-NP I-ORG
sanctions NNS I-NP O
Pyongyang NNP B-NP B-LOC
. . O O
`

/** The same kind of data in IOB1, as CoNLL-2003 first shipped it: spans start with I-, B- parts two of one label. */
const IOB1 = `Kim I-PER
Jong-un I-PER
Putin B-PER
and O
the O
Kremlin I-ORG
. O
`

/** Writes `content` to `name` in a new folder and returns its path. */
function fileWith(name: string, content: string | Buffer): string {
  const path = join(scratch(), name)
  writeFileSync(path, content)
  return path
}

/** Imports `paths` into a new corpus (adding labels) and exports it as JSONL. */
async function imported(paths: string[], ...options: string[]) {
  const corpus = join(scratch(), 'c.marginalia')
  const result = await cli('import', '--add-labels', '--annotator', 'ana', ...options, corpus, ...paths)
  const exported = result.code === 0 ? (await cli('export', corpus)).stdout : ''
  return { result, corpus, exported, documents: parseJsonl(exported) as any[] }
}

/** Code point offsets of `needle` in `text`. */
function at(text: string, needle: string) {
  const start = pythonLength(text.slice(0, text.indexOf(needle)))
  return { start, end: start + pythonLength(needle) }
}

/** The spans of an exported document as `[start, end, label, text]`. */
const spansOf = (document: any) => document.spans.map((s: any) => [s.start, s.end, s.label, s.text])

describe('CoNLL import', () => {
  it('reads documents, sentences and IOB2 tags (the tag is the last column), rebuilding the text with single spaces and line ends', async () => {
    const { result, documents } = await imported([fileWith('news.conll', NEWS)])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 2 documents \(5 spans, 0 relations, 0 document labels\) from 1 file/)
    expect(result.stderr).not.toMatch(/warning/)
    expect(documents.map((d) => [d.id, d.title, d.text])).toEqual([
      ['news-1', 'news-1', 'Mr Putin met 金正恩 in Vladivostok .\nHe smiled 😀 .'],
      ['news-2', 'news-2', 'The United Nations sanctions Pyongyang .'],
    ])
    expect(spansOf(documents[0])).toEqual([
      [0, 8, 'PER', 'Mr Putin'],
      [13, 16, 'PER', '金正恩'],
      [20, 31, 'LOC', 'Vladivostok'],
    ])
    expect(spansOf(documents[1])).toEqual([
      [4, 18, 'ORG', 'United Nations'],
      [29, 38, 'LOC', 'Pyongyang'],
    ])
  })

  it('names the one document of a file without -DOCSTART- after the file, and reads IOB1 with a remark', async () => {
    const { result, documents } = await imported([fileWith('kremlin.iob', IOB1)])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: CoNLL document tagged in IOB1 \(spans start with I-; B- only between two spans of one label\): read as such/)
    expect(documents.map((d) => [d.id, d.text])).toEqual([['kremlin', 'Kim Jong-un Putin and the Kremlin .']])
    expect(spansOf(documents[0])).toEqual([
      [0, 11, 'PER', 'Kim Jong-un'],
      [12, 17, 'PER', 'Putin'],
      [26, 33, 'ORG', 'Kremlin'],
    ])
  })

  it('starts a span at an I- tag after O or another label in IOB2, and counts it', async () => {
    const { result, documents } = await imported([fileWith('a.conll', 'Mr B-PER\nPutin I-PER\nMoscow I-LOC\nin O\nVladivostok I-LOC\nsaid O\nso B-LOC\n')])
    expect(result.code, result.stderr).toBe(0)
    // Where: the lines of the two I- tags, not the document's first line.
    expect(result.stderr).toMatch(/warning: CoNLL I- tag after O or another label: started a span \(read as IOB1 would\) \(2 times, at \S+a\.conll:3, \S+a\.conll:5\)/)
    expect(spansOf(documents[0])).toEqual([
      [0, 8, 'PER', 'Mr Putin'],
      [9, 15, 'LOC', 'Moscow'],
      [19, 30, 'LOC', 'Vladivostok'],
      [36, 38, 'LOC', 'so'],
    ])
  })

  it('splits a line with tabs at the tabs only, so a token may hold a space', async () => {
    const { result, documents } = await imported([fileWith('a.conll', 'Talks\tO\nin\tO\nNew York\tB-LOC\n.\tO\n')])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].text).toBe('Talks in New York .')
    expect(spansOf(documents[0])).toEqual([[9, 17, 'LOC', 'New York']])
  })

  it('refuses, naming file and line, a line without a tag, a tag that is not IOB and bytes that are not UTF-8, and writes nothing', async () => {
    const cases: [string | Buffer, RegExp][] = [
      ['-DOCSTART- O\n\nMr B-PER\nPutin\n', /a\.conll:4: expected a token and its tag, not "Putin"/],
      ['Mr B-PER\nPutin E-PER\n', /a\.conll:2: the tag "E-PER" is not IOB \(O, B-LABEL or I-LABEL\)/],
      [Buffer.concat([Buffer.from('Mr O\n'), Buffer.from([0x50, 0xff, 0x20, 0x4f, 0x0a])]), /a\.conll:2: not valid UTF-8/],
    ]
    for (const [content, expected] of cases) {
      const { result, corpus } = await imported([fileWith('a.conll', content)])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(expected)
      expect(result.stderr.split('\n').filter((line) => /a\.conll:\d+:/.test(line))).toHaveLength(1)
      expect(existsSync(corpus)).toBe(false)
    }
  })
})

describe('CoNLL import into a label set without the tag', () => {
  it('names the line of the tag, not of the document, and writes nothing', async () => {
    const corpus = join(scratch(), 'c.marginalia')
    const input = fileWith('two.conll', '-DOCSTART- O\n\nRussia O\nagreed O\n\n-DOCSTART- O\n\nKim B-PER\nsaid O\n')
    const result = await cli('import', corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/two\.conll:8: tag B-PER: unknown span label "PER"/)
    expect(existsSync(corpus)).toBe(false)
  })
})

/** A document with what CoNLL holds and what it does not: a span off token boundaries, overlaps, a relation. */
const SUMMIT_TEXT = 'Mr Putin met 金正恩 in Vladivostok on Thursday. “Talks went well,” he said.\nClick here 😀'
const SUMMIT = {
  id: 'summit',
  text: SUMMIT_TEXT,
  spans: [
    { id: 1, ...at(SUMMIT_TEXT, 'Mr Putin'), label: 'Speaker' },
    { id: 2, ...at(SUMMIT_TEXT, '金正恩'), label: 'Speaker' },
    { id: 3, ...at(SUMMIT_TEXT, 'Vladivosto'), label: 'Source' },
    { id: 4, ...at(SUMMIT_TEXT, 'Talks went well'), label: 'Claim', attrs: { confidence: 0.9 } },
    { id: 5, ...at(SUMMIT_TEXT, 'Talks'), label: 'Speaker' },
    { id: 6, ...at(SUMMIT_TEXT, 'Click here 😀'), label: 'Spam' },
  ],
  relations: [{ head: 4, child: 1, label: 'attributed_to' }],
}

/** A corpus made from JSONL records, its JSONL export, and its CoNLL export (in a file, and what was said). */
async function exportedAsConll(records: unknown[], name = 'out.conll') {
  const folder = scratch()
  const corpus = join(folder, 'source.marginalia')
  const made = await cli('import', '--add-labels', '--annotator', 'ana', corpus, writeJsonl(folder, 'source.jsonl', records))
  expect(made.code, made.stderr).toBe(0)
  const out = join(folder, name)
  const result = await cli('export', corpus, '--format', 'conll', '-o', out)
  expect(result.code, result.stderr).toBe(0)
  const jsonl = (await cli('export', corpus)).stdout
  const source = join(folder, 'export.jsonl')
  writeFileSync(source, jsonl)
  return { out, result, jsonl, source, conll: readFileSync(out, 'utf8') }
}

describe('CoNLL export', () => {
  it('writes a token and its IOB2 tag per line, sentences apart, -DOCSTART- before each document, and counts what it could not hold', async () => {
    const { conll, result } = await exportedAsConll([SUMMIT, { id: 'short', text: 'Russia  denied it.' }])
    expect(conll).toBe(
      [
        '-DOCSTART- O', '',
        'Mr B-Speaker', 'Putin I-Speaker', 'met O', '金正 B-Speaker', '恩 I-Speaker', 'in O', 'Vladivostok B-Source', 'on O', 'Thursday O', '. O', '',
        '“ O', 'Talks B-Claim', 'went I-Claim', 'well I-Claim', ', O', '” O', 'he O', 'said O', '. O', '',
        'Click B-Spam', 'here I-Spam', '😀 I-Spam', '',
        '-DOCSTART- O', '',
        'Russia O', 'denied O', 'it O', '. O', '',
        '',
      ].join('\n'),
    )
    expect(result.stderr).toMatch(/note: CoNLL holds tokens and span labels only/)
    expect(result.stderr).toMatch(/note: 2 documents not kept as written: CoNLL keeps tokens, not whitespace/)
    expect(result.stderr).toMatch(/note: 1 span not on token boundaries tagged on the whole tokens they touch \(summit: Source "Vladivosto"\)/)
    expect(result.stderr).toMatch(/note: 1 span overlapping a longer one left out \(IOB tags each token once\) \(summit: Speaker "Talks"\)/)
    expect(result.stderr).toMatch(/note: 1 relation left out \(CoNLL holds none\)/)
    expect(result.stderr).not.toMatch(/0 document labels/)
    expect(result.stderr).toMatch(/note: the attributes of 1 span left out/)
  })

  it("refuses a document with several analysts' spans, which one tag per token would blend, and takes one analyst's or the settled set", async () => {
    const folder = scratch()
    const corpus = join(folder, 'team.marginalia')
    const text = 'Mr Putin met Kim in Vladivostok.'
    const records = [
      { id: 'shared', text, spans: [{ ...at(text, 'Mr Putin'), label: 'Speaker', annotator: 'alice' }, { ...at(text, 'Kim'), label: 'Speaker', annotator: 'bob' }] },
      { id: 'alone', text, spans: [{ ...at(text, 'Vladivostok'), label: 'Source', annotator: 'bob' }] },
    ]
    expect((await cli('import', corpus, writeJsonl(folder, 'team.jsonl', records))).code).toBe(0)
    const out = join(folder, 'out.conll')
    const blended = await cli('export', corpus, '--format', 'conll', '-o', out)
    expect(blended.code).toBe(1)
    expect(blended.stderr).toMatch(/document "shared" has the spans of "alice" and "bob", and the conll format gives each token one tag, which would blend their work into one: export one analyst's \(--annotator NAME\) or the settled set \(--curated-or-agreed\); nothing was written/)
    expect(existsSync(out)).toBe(false)
    const onStdout = await cli('export', corpus, '--format', 'conll')
    expect(onStdout.code).toBe(1)
    expect(onStdout.stdout).toBe('')
    const bob = await cli('export', corpus, '--format', 'conll', '--annotator', 'bob')
    expect(bob.code, bob.stderr).toBe(0)
    expect(bob.stdout).toMatch(/Mr O\nPutin O\nmet O\nKim B-Speaker/)
    expect((await cli('export', corpus, '--format', 'conll', '--curated-or-agreed')).code).toBe(0)
  })

  it('keeps two labels distinct whose names meet once whitespace becomes _ (Time span, Time_span), and says so', async () => {
    const text = 'Monday and Tuesday came.'
    const { conll, result, out } = await exportedAsConll([
      { id: 'c1', text, spans: [{ ...at(text, 'Monday'), label: 'Time span' }, { ...at(text, 'Tuesday'), label: 'Time_span' }, { ...at(text, 'came'), label: 'Said by' }] },
    ])
    expect(conll).toBe('-DOCSTART- O\n\nMonday B-Time_span_2\nand O\nTuesday B-Time_span\ncame B-Said_by\n. O\n\n')
    expect(result.stderr).toMatch(/note: label "Time span" written as Time_span_2 \(a tag holds no whitespace, and Time_span is another label's tag; import reads it as a label of that name\)/)
    expect(result.stderr).toMatch(/note: label "Said by" written as Said_by \(a tag holds no whitespace; import/)
    expect(result.stderr).not.toMatch(/label "Time_span" written/)
    const { documents } = await imported([out])
    expect(documents[0].spans.map((s: any) => s.label)).toEqual(['Time_span_2', 'Time_span', 'Said_by'])
  })

  it('keeps a span across a sentence end whole, writing its sentences as one', async () => {
    const text = 'He said it. Then he left.'
    const { conll, result } = await exportedAsConll([{ id: 'a', text, spans: [{ ...at(text, 'it. Then'), label: 'Claim' }] }])
    expect(conll).toBe('-DOCSTART- O\n\nHe O\nsaid O\nit B-Claim\n. I-Claim\nThen I-Claim\nhe O\nleft O\n. O\n\n')
    expect(result.stderr).toMatch(/note: 1 span across a sentence end: the sentences it joins written as one/)
  })
})

describe('CoNLL round trips: JSONL → CoNLL → JSONL', () => {
  it('gives the same bytes back where CoNLL holds everything (tokenised text, spans on tokens, ids as import names them)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T09:00:00.000Z'))
    try {
      const first = 'Mr Putin met 金 正 恩 in Vladivostok .\n👩‍👩‍👧 Kim waved 😀 .'
      const second = 'The United Nations sanctions Pyongyang .'
      const records = [
        { id: 'rt-1', text: first, spans: [{ ...at(first, 'Mr Putin'), label: 'Speaker' }, { ...at(first, '金 正 恩'), label: 'Speaker' }, { ...at(first, '👩‍👩‍👧'), label: 'Spam' }] },
        { id: 'rt-2', text: second, spans: [{ ...at(second, 'United Nations'), label: 'Source' }, { ...at(second, 'Pyongyang'), label: 'Speaker' }] },
      ]
      const { out, jsonl, result } = await exportedAsConll(records, 'rt.conll')
      expect(result.stderr).not.toMatch(/not kept as written|left out|widen|tagged on/)
      const back = await imported([out])
      expect(back.result.code, back.result.stderr).toBe(0)
      expect(back.exported).toBe(jsonl)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps every span it can hold, by its tokens and label, whatever the whitespace of the text', async () => {
    const text = 'Kim  Jong-un met\tMr Putin in Vladivostok.\n\n“Sanctions must go,” he said 😀!'
    const spans = [
      { ...at(text, 'Kim  Jong-un'), label: 'Speaker' },
      { ...at(text, 'Mr Putin'), label: 'Speaker' },
      { ...at(text, 'Vladivostok.'), label: 'Source' },
      { ...at(text, 'Sanctions must go,'), label: 'Claim' },
      { ...at(text, '😀'), label: 'Spam' },
    ]
    const { out, jsonl, result } = await exportedAsConll([{ id: 'a', text, spans }])
    expect(result.stderr).not.toMatch(/left out|tagged on/)
    const { documents } = await imported([out])
    const words = (s: string) => s.replace(/\s+/gu, '')
    const before = (parseJsonl(jsonl)[0] as any).spans.map((s: any) => [s.label, words(s.text)])
    expect(documents[0].spans.map((s: any) => [s.label, words(s.text)])).toEqual(before)
    expect(documents[0].text).toBe('Kim Jong - un met Mr Putin in Vladivostok .\n“ Sanctions must go , ” he said 😀 !')
  })
})

describe('CoNLL round trips: CoNLL → Marginalia → CoNLL', () => {
  /** The token and tag of each line of a CoNLL file (its blank and -DOCSTART- lines left out). */
  const tokenLines = (conll: string) =>
    conll
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('-DOCSTART-'))
      .map((line) => {
        const fields = line.includes('\t') ? line.split('\t') : line.split(/ +/)
        return `${fields[0]} ${fields.at(-1)}`
      })

  it('gives the tokens back as the file had them, though the word segmenter would cut them otherwise', async () => {
    const conll = '-DOCSTART- -X- -X- O\n\nKim NNP B-NP B-PER\nJong-un NNP I-NP I-PER\nmet VBD B-VP O\non IN B-PP O\n1996-08-22 CD B-NP B-DATE\n. . O O\n\nU.S. NNP B-NP B-LOC\nofficials NNS I-NP O\nagreed VBD B-VP O\n. . O O\n'
    const { corpus, documents } = await imported([fileWith('gold.conll', conll)])
    expect(documents.map((d) => d.meta)).toEqual([{ conll: { tokens: 'whitespace' } }]) // what tells the export
    const out = join(scratch(), 'back.conll')
    const result = await cli('export', corpus, '--format', 'conll', '-o', out)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).not.toMatch(/not kept as written|widen|tagged on/)
    const written = readFileSync(out, 'utf8')
    expect(tokenLines(written)).toEqual(tokenLines(conll))
    const sentences = (text: string) => text.split('\n\n').filter((part) => part.trim() !== '')
    expect(sentences(written)).toHaveLength(sentences(conll).length) // the same sentences
  })

  it('keeps a token holding a no-break space whole on import (10 000), where it was cut and its rest lost', async () => {
    const { result, documents } = await imported([fileWith('fr.conll', 'Il O\na O\n10\u00a0000 B-MONEY\neuros I-MONEY\n')])
    expect(result.code, result.stderr).toBe(0)
    expect(documents[0].text).toBe('Il a 10\u00a0000 euros')
    expect(spansOf(documents[0])).toEqual([[5, 17, 'MONEY', '10\u00a0000 euros']])
  })

  it('adds nothing to the meta of a document the segmenter cuts as the file did', async () => {
    const { documents } = await imported([fileWith('plain.conll', 'Mr B-PER\nPutin I-PER\nsaid O\n. O\n')])
    expect(documents[0].meta).toEqual({})
  })
})

describe('CoNLL export, read by Python', () => {
  it('has a token and a tag on every line, tokens in the order of the text with only whitespace between, and IOB2 chunks on the spans kept', async (context) => {
    if (spawnSync('python3', ['--version']).status !== 0) {
      console.warn('skipped: python3 is not installed, so the Python check of the CoNLL export cannot run')
      context.skip()
    }
    const { out, source } = await exportedAsConll([SUMMIT, { id: 'short', text: 'Russia  denied it.' }])
    const script = String.raw`
import json, re, sys
documents = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
sections, lines = [], open(sys.argv[2], encoding='utf-8').read().split('\n')
for line in lines:
    if line.startswith('-DOCSTART-'):
        sections.append([])
    elif line.strip():
        fields = line.split()
        assert len(fields) == 2, line
        sections[-1].append(fields)
assert len(sections) == len(documents)
chunks = []
for document, tokens in zip(documents, sections):
    text, at, found, previous = document['text'], 0, [], 'O'
    for token, tag in tokens:
        start = text.index(token, at)
        assert re.fullmatch(r'[\s\ufeff]*', text[at:start]), (token, text[at:start])
        at = start + len(token)
        if tag != 'O':
            kind, label = tag.split('-', 1)
            assert kind == 'B' or previous[2:] == label, (token, tag, previous)
            if kind == 'B':
                found.append([start, at, label])
            else:
                found[-1][1] = at
        previous = tag
    assert re.fullmatch(r'[\s\ufeff]*', text[at:])
    chunks.append(found)
print(json.dumps(chunks))
`
    const chunks = JSON.parse(execFileSync('python3', ['-c', script, source, out], { encoding: 'utf8' }))
    const chunk = (needle: string, label: string) => {
      const { start, end } = at(SUMMIT_TEXT, needle)
      return [start, end, label]
    }
    expect(chunks).toEqual([
      [chunk('Mr Putin', 'Speaker'), chunk('金正恩', 'Speaker'), chunk('Vladivostok', 'Source'), chunk('Talks went well', 'Claim'), chunk('Click here 😀', 'Spam')],
      [],
    ])
  })
})

describe('marginalia formats', () => {
  it('lists brat and CoNLL, each read and written', async () => {
    const result = await cli('formats', '--json')
    const rows = JSON.parse(result.stdout) as { name: string; import: boolean; export: boolean; extensions: string[] }[]
    expect(rows.find((row) => row.name === 'brat')).toMatchObject({ import: true, export: true })
    expect(rows.find((row) => row.name === 'conll')).toMatchObject({ import: true, export: true, extensions: ['.conll', '.iob', '.iob2', '.bio'] })
    expect((await cli('formats')).stdout).toMatch(/^brat +yes +yes .*brat standoff/m)
  })
})
