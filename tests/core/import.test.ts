import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { cli, cliOnTerminal, parseJsonl, scratch, writeFile, writeJsonl } from '../helpers'

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

async function exportOf(corpus: string): Promise<Record<string, any>[]> {
  const result = await cli('export', corpus)
  expect(result.code).toBe(0)
  return parseJsonl(result.stdout)
}

const GOOD = { id: 'good', text: 'Mr Putin told journalists.', spans: [{ start: 0, end: 8, label: 'Speaker' }] }

/** Each bad line, the reason the refusal must give, and the line it is on (the good line comes first). */
const BAD_LINES: [string, string, RegExp][] = [
  ['invalid JSON', '{"text": "a",}', /:2: invalid JSON/],
  [
    'a Prodigy relation whose end is in no span (rel.manual without span labels)',
    '{"text": "Kim said it", "spans": [], "relations": [{"head": 0, "child": 2, "label": "attributed_to", "head_span": {"start": 0, "end": 3, "label": null}, "child_span": {"start": 4, "end": 8, "label": null}}]}',
    /:2: relations\[0\]\.head_span: no span of this record is at \[0, 3\); a relation joins two of its "spans", each with a label \(in Prodigy, rel\.manual with --span-label tags them\)/,
  ],
  ['a number JSON cannot hold as written', '{"text": "abc", "meta": {"tweet_id": 1234567890123456789}}', /:2: the number 1234567890123456789 would be read as 1234567890123456800: .*write it as a string \("1234567890123456789"\)/],
  ['a number past the largest double', '{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "Claim", "attrs": {"p": 1e400}}]}', /:2: the number 1e400 is past the largest a double holds/],
  ['missing text', '{"id": "x"}', /:2: text: is required and must be a string/],
  ['non-string text', '{"text": 42}', /:2: text: is required and must be a string/],
  ['lone surrogate', '{"text": "bad \\ud800 text"}', /:2: text: contains a lone surrogate/],
  ['negative offset', '{"text": "abc", "spans": [{"start": -1, "end": 2, "label": "Claim"}]}', /:2: spans\[0\]\.start: must not be negative/],
  ['fractional offset', '{"text": "abc", "spans": [{"start": 0.5, "end": 2, "label": "Claim"}]}', /:2: spans\[0\]\.start: must be an integer/],
  ['string offset', '{"text": "abc", "spans": [{"start": "0", "end": 2, "label": "Claim"}]}', /:2: spans\[0\]\.start: must be a number/],
  ['reversed offsets', '{"text": "abcdef", "spans": [{"start": 4, "end": 2, "label": "Claim"}]}', /:2: spans\[0\]: start 4 is after end 2/],
  ['offset past the end', '{"text": "a😀c", "spans": [{"start": 1, "end": 4, "label": "Claim"}]}', /:2: spans\[0\]\.end: 4 is past the end of the text \(3 code points\)/],
  ['span text differs', '{"text": "a😀cd", "spans": [{"start": 1, "end": 3, "label": "Claim", "text": "😀cd"}]}', /:2: spans\[0\]\.text: "😀cd" differs from the text at \[1, 3\): "😀c"/],
  ['unknown label', '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "PERSON"}]}', /:2: spans\[0\]\.label: unknown span label "PERSON".*--add-labels/],
  ['empty id', '{"id": "", "text": "abc"}', /:2: id: must not be empty \(leave id out for <file name>-<line number>\)/],
  ['repeated id', '{"id": "good", "text": "again"}', /:2: id "good" repeats the id of .*:1/],
  ['unknown status', '{"text": "abc", "status": "finished"}', /:2: status: must be "todo", "done" or "skipped"/],
  ['relation to a missing span', '{"text": "abc", "spans": [{"id": 1, "start": 0, "end": 1, "label": "Claim"}], "relations": [{"head": 1, "child": 7, "label": "attributed_to"}]}', /:2: relations\[0\]\.child: there is no span id 7/],
  ['not an object', '[1, 2]', /:2: each line must be a JSON object/],
  ['a time without a zone', '{"text": "abc", "created_at": "2024-05-01T09:30:00"}', /:2: created_at: must be an ISO 8601 date and time with a time zone;/],
  ['a date alone', '{"text": "abc", "updated_at": "2024-05-01"}', /:2: updated_at: must be an ISO 8601 date and time with a time zone;/],
  ['a day past its month', '{"text": "abc", "created_at": "2024-02-30T09:30:00Z"}', /:2: created_at: must be an ISO 8601 date and time with a time zone;/],
  ['a span time that is no time', '{"text": "abc", "spans": [{"start": 0, "end": 2, "label": "Claim", "updated_at": "yesterday"}]}', /:2: spans\[0\]\.updated_at: must be an ISO 8601 date and time with a time zone;/],
  ['a relation time as a number', '{"text": "abc", "spans": [{"id": 1, "start": 0, "end": 1, "label": "Claim"}, {"id": 2, "start": 2, "end": 3, "label": "Speaker"}], "relations": [{"head": 1, "child": 2, "label": "attributed_to", "created_at": 1714555800}]}', /:2: relations\[0\]\.created_at: must be an ISO 8601 date and time with a time zone/],
]

describe('import refuses bad input, naming file, line and reason, and writes nothing', () => {
  it.each(BAD_LINES)('%s', async (_name, badLine, reason) => {
    const folder = scratch()
    const input = writeFile(folder, 'in.jsonl', `${JSON.stringify(GOOD)}\n${badLine}\n`)
    const before = digest(input)
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(reason)
    expect(result.stderr).toContain(input)
    expect(result.stderr).toMatch(/nothing was written/)
    expect(existsSync(corpus)).toBe(false) // the corpus this run would have made is not left behind
    expect(digest(input)).toBe(before)
  })

  it('refuses a truncated last line', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'in.jsonl', `${JSON.stringify(GOOD)}\n{"text": "cut of`)
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/in\.jsonl:2: the last line is truncated/)
  })

  it('keeps spans with an edge inside a character as seen (an emoji and its skin tone, half a flag, an accent), and says how many', async () => {
    const folder = scratch()
    const text = 'Yes 👍🏽 from 🇫🇷 and the café\u0301 team, 👩‍👩‍👧 too.'
    const at = (part: string) => [...text.slice(0, text.indexOf(part))].length
    const records = [
      { id: 'cut', text, spans: [
        { start: at('👍🏽'), end: at('👍🏽') + 1, label: 'Claim' }, // 👍 without its skin tone
        { start: at('🇫🇷'), end: at('🇫🇷') + 1, label: 'Claim' }, // half a flag
        { start: at('👩‍👩‍👧'), end: at('👩‍👩‍👧') + 2, label: 'Claim' }, // a woman and a joiner
        { start: at('café'), end: at('café') + 4, label: 'Source' }, // the e without its accent
        { start: 0, end: 3, label: 'Speaker' }, // Yes: whole
        { start: at('👍🏽'), end: at('👍🏽') + 2, label: 'Speaker' }, // 👍🏽 whole
      ] },
      { id: 'whole', text: 'Plain 😀 text.', spans: [{ start: 6, end: 7, label: 'Claim' }] },
    ]
    const result = await cli('import', join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', records))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: span edges inside a character as seen .* kept as given, .* \(4 times, at \S*in\.jsonl:1\)\n/)
    expect(result.stderr).toMatch(/imported 2 documents \(7 spans,/)
  })

  it('finds an edge inside a flag after any number of flags, each of two halves counted from the first', async () => {
    const folder = scratch()
    const records = [12, 13, 20, 41].flatMap((flags) => {
      const text = `${'🇯🇵'.repeat(flags)} end`
      return [
        { id: `half-${flags}`, text, spans: [{ start: 2 * flags - 1, end: 2 * flags + 4, label: 'Claim' }] }, // from the last flag's second half
        { id: `whole-${flags}`, text, spans: [{ start: 2 * flags - 2, end: 2 * flags + 4, label: 'Claim' }] }, // from the last flag whole
      ]
    })
    const result = await cli('import', join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', records))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/warning: span edges inside a character as seen .* \(4 times, at \S*in\.jsonl:1, \S*in\.jsonl:3, \S*in\.jsonl:5 and 1 more\)\n/)
  })

  it('says so when lines end in a CR alone (classic Mac OS), not that the last line is cut', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'cr.jsonl', `${JSON.stringify(GOOD)}\r${JSON.stringify(GOOD)}\r`)
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/cr\.jsonl:1: invalid JSON: .*; its lines end in a CR alone, which JSON Lines does not use: end them with LF \(or CRLF\)/)
    expect(result.stderr).not.toMatch(/truncated/)
  })

  it('accepts a last line without a line feed when it is complete', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'in.jsonl', JSON.stringify(GOOD))
    expect((await cli('import', join(folder, 'c.marginalia'), input)).code).toBe(0)
  })

  it('refuses invalid UTF-8 in JSONL and in text files, naming the line', async () => {
    const folder = scratch()
    const good = Buffer.from(`${JSON.stringify(GOOD)}\n`)
    const jsonl = writeFile(folder, 'in.jsonl', Buffer.concat([good, Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]))
    let result = await cli('import', join(folder, 'a.marginalia'), jsonl)
    expect(result.stderr).toMatch(/in\.jsonl:2: not valid UTF-8/)
    const txt = writeFile(folder, 'latin1.txt', Buffer.concat([Buffer.from('line one\nline two\ncaf'), Buffer.from([0xe9, 0x0a])]))
    result = await cli('import', join(folder, 'b.marginalia'), txt)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/latin1\.txt:3: not valid UTF-8/)
    expect(result.stderr).not.toMatch(/UTF-16/)
  })

  it('says a file in UTF-16 (as Windows saves "Unicode" text) is UTF-16 and to save it as UTF-8, and writes nothing', async () => {
    const folder = scratch()
    const utf16 = (text: string, bom: boolean) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')])
    // With its byte order mark, as Notepad and PowerShell write it.
    for (const [name, bytes] of [
      ['notepad.txt', utf16('Mr Putin said so.\r\nSecond line.\r\n', true)],
      ['records.jsonl', utf16(`${JSON.stringify(GOOD)}\n`, true)],
    ] as const) {
      const corpus = join(folder, `${name}.marginalia`)
      const result = await cli('import', corpus, writeFile(folder, name, bytes))
      expect(result.code, name).toBe(1)
      expect(result.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:1: not text: it looks like UTF-16; save it as UTF-8 and import it again`))
      expect(existsSync(corpus), name).toBe(false)
    }
  })

  it('says UTF-16 without a byte order mark is UTF-16, and a binary file is binary, not UTF-16', async () => {
    const folder = scratch()
    const noBom = await cli('import', join(folder, 'a.marginalia'), writeFile(folder, 'bare.txt', Buffer.from('Mr Putin said so.\nSecond line.\n', 'utf16le')))
    expect(noBom.stderr).toMatch(/bare\.txt:1: not text: it looks like UTF-16; save it as UTF-8 and import it again/)
    // An ELF header, as the start of /bin/ls: zeros in runs, on both sides.
    const elf = Buffer.from('7f454c4602010100000000000000000003003e0001000000d06100000000000040000000000000007047020000000000000000004000380d0040001f001e00', 'hex')
    const binary = await cli('import', join(folder, 'b.marginalia'), writeFile(folder, 'program.jsonl', Buffer.concat([elf, Buffer.from([0xff, 0xfe, 0x80])])))
    expect(binary.code).toBe(1)
    expect(binary.stderr).toMatch(/program\.jsonl:1: not text: it holds NUL bytes, as binary files do, not text/)
    expect(binary.stderr).not.toMatch(/UTF-16/)
  })

  it('says a corpus given to import is a corpus, which merge brings in, and a SQLite database is one, whatever they are called; nothing is made', async () => {
    const folder = scratch()
    const source = join(folder, 'colleague.marginalia')
    expect((await cli('sample', source)).code).toBe(0)
    copyFileSync(source, join(folder, 'named-as.jsonl'))
    const sqlite = new Database(join(folder, 'other.db'))
    sqlite.exec('CREATE TABLE t (x)')
    sqlite.close()
    for (const [name, said] of [
      ['colleague.marginalia', 'is a Marginalia corpus, not a file to import: marginalia merge INTO FROM brings its documents and annotations into another corpus'],
      ['named-as.jsonl', 'is a Marginalia corpus, not a file to import'],
      ['other.db', 'is a SQLite database, not a file to import'],
    ]) {
      const corpus = join(folder, `into-${name}.marginalia`)
      const result = await cli('import', corpus, join(folder, name))
      expect(result.code, name).toBe(1)
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1)
      expect(result.stderr).toContain(`${join(folder, name)}: ${said}`)
      expect(existsSync(corpus), name).toBe(false)
    }
    // The corpus itself named again as input.
    const before = readFileSync(source)
    const itself = await cli('import', source, join(folder, 'colleague.marginalia'))
    expect(itself.code).toBe(1)
    expect(itself.stderr.trim()).toBe(`${join(folder, 'colleague.marginalia')}: is the corpus this import writes into, named again as input`)
    expect(readFileSync(source).equals(before)).toBe(true)
  })

  it('refuses an empty file named as input where the corpus goes (the arguments swapped), leaving it empty; an empty .marginalia becomes a corpus', async () => {
    const folder = scratch()
    const data = writeJsonl(folder, 'data.jsonl', [{ id: 'a', text: 'Some text.' }])
    const notes = writeFile(folder, 'notes.txt', '')
    const swapped = await cli('import', notes, data)
    expect(swapped.code).toBe(1)
    expect(swapped.stderr.trim()).toBe(`${notes}: is an empty .txt file, a kind import reads, not a corpus: the corpus comes first (marginalia import CORPUS FILES...)`)
    expect(readFileSync(notes).length).toBe(0)
    const fresh = writeFile(folder, 'fresh.marginalia', '')
    expect((await cli('import', '--quiet', fresh, data)).code).toBe(0)
  })

  it('refuses, as wrong usage, an --annotator or MARGINALIA_ANNOTATOR the editor would refuse as an analyst; takes --annotator curated', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ text: 'Mr Putin said so.', spans: [{ start: 3, end: 8, label: 'Speaker' }] }])
    for (const [name, reason] of [
      ['agreed', /--annotator: "agreed" names what every analyst agreed on in the settled export/],
      [' ana', /--annotator: " ana" starts or ends with a space/],
      ['a\tb', /--annotator: "a\\tb" holds a control or invisible character/], // escaped: the message stays one line
    ] as const) {
      const corpus = join(folder, `refused-${Math.random().toString(36).slice(2)}.marginalia`)
      const result = await cli('import', '--annotator', name, corpus, input)
      expect(result.code, name).toBe(2)
      expect(result.stderr).toMatch(reason)
      expect(existsSync(corpus)).toBe(false)
    }
    vi.stubEnv('MARGINALIA_ANNOTATOR', 'curated') // an analyst's everyday name: never the curated layer's
    try {
      const fromEnvironment = await cli('import', join(folder, 'env.marginalia'), input)
      expect(fromEnvironment.code).toBe(2)
      expect(fromEnvironment.stderr).toMatch(/MARGINALIA_ANNOTATOR: "curated" is the curated layer's name, not an analyst's/)
    } finally {
      vi.unstubAllEnvs()
    }
    const gold = join(folder, 'gold.marginalia')
    expect((await cli('import', '--annotator', 'curated', gold, input)).code).toBe(0)
    expect((await exportOf(gold))[0].spans[0].annotator).toBe('curated')
  })

  it('takes annotations by "agreed" (a settled export read back) into the curated layer, and refuses an annotator the editor would refuse', async () => {
    const folder = scratch()
    const record = (annotator: string) => ({ id: `d-${annotator.trim()}`, text: 'Mr Putin said so.', spans: [{ start: 3, end: 8, label: 'Speaker', annotator }] })
    const corpus = join(folder, 'c.marginalia')
    const settled = await cli('import', corpus, writeJsonl(folder, 'settled.jsonl', [record('agreed')]))
    expect(settled.code, settled.stderr).toBe(0)
    expect(settled.stderr).toMatch(/warning: annotations by "agreed" \(what every analyst agreed on, in a settled export\) taken into the curated layer/)
    expect((await exportOf(corpus))[0].spans[0].annotator).toBe('curated')
    const spaced = await cli('import', corpus, writeJsonl(folder, 'spaced.jsonl', [record(' bob')]))
    expect(spaced.code).toBe(1)
    expect(spaced.stderr).toMatch(/spaced\.jsonl:1: annotator " bob" starts or ends with a space/)
  })

  it('refuses a JSONL, CoNLL or JSON file in UTF-16 or binary in one line, whatever its format', async () => {
    const folder = scratch()
    const utf16 = (text: string, bom: boolean, be = false) => {
      const le = Buffer.from(text, 'utf16le')
      const bytes = be ? Buffer.from(le.map((_, i) => le[i % 2 === 0 ? i + 1 : i - 1])) : le
      return Buffer.concat([Buffer.from(bom ? (be ? [0xfe, 0xff] : [0xff, 0xfe]) : []), bytes])
    }
    for (const [name, bytes] of [
      ['be.jsonl', utf16(`${JSON.stringify(GOOD)}\n`, false, true)],
      ['le.jsonl', utf16(`${JSON.stringify(GOOD)}\n${JSON.stringify({ text: 'two' })}\n`, true)],
      ['tags.conll', utf16('Mr B-PER\nPutin I-PER\n', false)],
      ['tasks.json', utf16(JSON.stringify([{ data: { text: 'Hi' } }]), true)],
    ] as const) {
      // (UTF-32 is told apart below.)
      const corpus = join(folder, `${name}.marginalia`)
      const result = await cli('import', corpus, writeFile(folder, name, bytes))
      expect(result.code, name).toBe(1)
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1)
      expect(result.stderr, name).toMatch(new RegExp(`${name.replace('.', '\\.')}:1: not text: it looks like UTF-16; save it as UTF-8 and import it again`))
      expect(result.stderr, name).not.toMatch(/\u0000/)
    }
    const utf32 = Buffer.alloc(4 * 20)
    ;[...`${JSON.stringify({ text: 'Hi' })}\n`].slice(0, 20).forEach((c, i) => utf32.writeUInt32LE(c.codePointAt(0)!, i * 4))
    const wide = await cli('import', join(folder, 'wide.marginalia'), writeFile(folder, 'wide.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32])))
    expect(wide.stderr).toMatch(/wide\.jsonl:1: not text: it looks like UTF-32; save it as UTF-8 and import it again/)
  })

  it('leaves an existing corpus exactly as it was when an import is refused', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'first.jsonl', [GOOD]))).code).toBe(0)
    const before = await exportOf(corpus)
    const input = writeFile(folder, 'second.jsonl', `${JSON.stringify({ id: 'new', text: 'fine' })}\n{"text": 1}\n`)
    expect((await cli('import', corpus, input)).code).toBe(1)
    expect(await exportOf(corpus)).toEqual(before)
  })

  it('lists every problem, not only the first', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'in.jsonl', '{"text": 1}\n{"nope": 2}\n{"text": "ok"}\n{\n')
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.stderr.match(/in\.jsonl:\d+:/g)).toEqual(['in.jsonl:1:', 'in.jsonl:2:', 'in.jsonl:4:'].map((s) => expect.stringContaining(s)))
    expect(result.stderr).toMatch(/3 problems/)
  })
})

describe('a record wrong in a field and in its spans', () => {
  it('has the problems of its spans and relations listed beside the field\'s, not hidden by it', async () => {
    const folder = scratch()
    const record = { id: 'm', text: 'Mr Kim spoke.', status: 'nah', spans: [{ id: 1, start: 5, end: 1, label: 'Claim' }, { id: 2, start: 0, end: 20, label: 'Speaker' }], relations: [{ head: 1, child: 9, label: 'attributed_to' }] }
    const input = writeJsonl(folder, 'in.jsonl', [record])
    for (const extra of [[], ['--skip-invalid']]) {
      const result = await cli('import', ...extra, join(folder, 'c.marginalia'), input)
      expect(result.stderr).toMatch(/in\.jsonl:1: status: must be/)
      expect(result.stderr).toMatch(/spans\[0\]: start 5 is after end 1|spans\[0\].*after/)
      expect(result.stderr).toMatch(/spans\[1\].*past the end/)
      expect(result.stderr).toMatch(/relations\[0\]\.child: there is no span id 9/)
    }
  })

  it('gives a text of one code point as "1 code point"', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ text: 'x', spans: [{ start: 0, end: 7, label: 'Claim' }] }])
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.stderr).toMatch(/spans\[0\]\.end: 7 is past the end of the text \(1 code point\)/)
  })

  it('has only the field\'s problem when the text itself is wrong: nothing else could be checked', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ text: 5, status: 'nah', spans: [{ start: 5, end: 1, label: 'Claim' }] }])
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.stderr).toMatch(/in\.jsonl:1: text/)
    expect(result.stderr).not.toMatch(/spans\[0\]/)
  })
})

describe('an input file with no records', () => {
  it('is named in a warning, whatever its format, while the others are imported', async () => {
    const folder = scratch()
    const empty = writeFile(folder, 'empty.jsonl', '')
    const blank = writeFile(folder, 'blank.jsonl', '\n\n  \n')
    const conll = writeFile(folder, 'empty.conll', '')
    const good = writeJsonl(folder, 'good.jsonl', [GOOD])
    const result = await cli('import', join(folder, 'c.marginalia'), empty, good, blank, conll)
    expect(result.code).toBe(0)
    for (const file of [empty, blank, conll]) expect(result.stderr).toContain(`warning: ${file}: no records in it; nothing imported from it`)
    expect(result.stderr).not.toContain(good)
    expect(result.stderr).toMatch(/imported 1 document .* from 4 files/)
  })
})

describe('standard input named twice', () => {
  it('is refused before anything is read or made: a stream can be read only once', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--format', 'jsonl', corpus, '-', '-')
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe('-: standard input is named twice; it can be read only once: name it once')
    expect(existsSync(corpus)).toBe(false)
  })
})

describe('an empty span', () => {
  it('is refused for being empty, and for nothing else (it was also said to cover a line-end CR or BOM)', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'e.jsonl', [{ text: 'hello', spans: [{ start: 2, end: 2, label: 'Claim' }] }])
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toEqual([`${input}:1: spans[0]: start and end are both 2, an empty span; import refused, nothing was written: 1 problem in the input`])
  })
})

describe('one input file named twice', () => {
  it('by two names, or as a folder and a file in it, is refused before anything is read or made (its records were refused as repeating their own ids)', async () => {
    const folder = scratch()
    mkdirSync(join(folder, 'in'))
    const input = writeJsonl(join(folder, 'in'), 'in1.jsonl', [{ id: 'emoji', text: 'Hi 😀 there', spans: [{ start: 0, end: 2, label: 'Speaker', annotator: 'ana' }] }])
    const corpus = join(folder, 'c.marginalia')
    for (const paths of [
      [input, input],
      [input, join(folder, 'in', '.', 'in1.jsonl')],
      [join(folder, 'in'), input],
    ]) {
      const result = await cli('import', corpus, ...paths)
      expect(result.code, result.stderr).toBe(1)
      expect(result.stderr.trim()).toMatch(/in1\.jsonl: is the file .*in1\.jsonl again \(named twice, or a link to it\): name it once$/)
      expect(existsSync(corpus)).toBe(false)
    }
  })

  it('through a symbolic link is refused too; two hard links in a folder are two names, each its own document', async () => {
    const folder = scratch()
    mkdirSync(join(folder, 'in'))
    const input = writeFile(join(folder, 'in'), 'a.txt', 'The same words.\n')
    symlinkSync(input, join(folder, 'link.txt'))
    const corpus = join(folder, 'c.marginalia')
    const linked = await cli('import', corpus, input, join(folder, 'link.txt'))
    expect(linked.code, linked.stderr).toBe(1)
    expect(linked.stderr.trim()).toMatch(/link\.txt: is the file .*a\.txt again \(named twice, or a link to it\): name it once$/)
    linkSync(input, join(folder, 'in', 'b.txt'))
    const both = await cli('import', corpus, join(folder, 'in'))
    expect(both.code, both.stderr).toBe(0)
    expect((await exportOf(corpus)).map((document) => document.id)).toEqual(['a', 'b'])
  })
})

describe('document labels of a record', () => {
  it('given twice by one analyst are put on once, and the summary counts what was put on', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    // "Politics" twice with no analyst named, and once naming the import's annotator: one label, the annotator's.
    writeJsonl(folder, 'in.jsonl', [
      { id: 'a', text: 'x', labels: ['Politics', 'Politics', { label: 'Politics', annotator: 'root' }, { label: 'Politics', annotator: 'ana' }] },
      { id: 'b', text: 'y', label: ['Sports', 'Sports'] },
    ])
    const result = await cli('import', '--add-labels', '--annotator', 'root', corpus, join(folder, 'in.jsonl'))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/imported 2 documents \(0 spans, 0 relations, 3 document labels\)/)
    expect(result.stderr).toMatch(/3 document labels given twice by one analyst put on once/)
    const [a, b] = await exportOf(corpus)
    expect(a.labels.map((l: { label: string; annotator: string }) => `${l.label}/${l.annotator}`).sort()).toEqual(['Politics/ana', 'Politics/root'])
    expect(b.labels).toHaveLength(1)
  })

  it('with keys a document label does not have (a classifier\'s score) are imported, and the keys left out are named', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    writeJsonl(folder, 'in.jsonl', [{ id: 'a', text: 'y', labels: [{ label: 'Politics', confidence: 0.2, source: 'model-v3' }] }])
    const result = await cli('import', '--add-labels', corpus, join(folder, 'in.jsonl'))
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/document label keys left out \(a document label has no attributes in Marginalia\): confidence, source/)
  })
})

describe('a span label the corpus lacks', () => {
  it('is said once, not again for each relation of the span (the label is what to fix)', async () => {
    const folder = scratch()
    const record = {
      text: 'Mr Kim said the summit went well.',
      spans: [{ id: 1, start: 12, end: 33, label: 'Claim' }, { id: 2, start: 0, end: 6, label: 'Rumour' }],
      relations: [{ head: 1, child: 2, label: 'attributed_to' }],
    }
    const result = await cli('import', join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', [record]))
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(
      `${join(folder, 'in.jsonl')}:1: spans[1].label: unknown span label "Rumour" (this corpus has Claim, Speaker, Source, Spam); run with --add-labels to add it; import refused, nothing was written: 1 problem in the input`,
    )
  })
})

describe('a label name that is a near miss of the corpus\'s', () => {
  const record = {
    id: 'a',
    text: 'Mr Kim said the summit went well.',
    spans: [{ id: 1, start: 12, end: 33, label: ' Claim' }, { id: 2, start: 0, end: 6, label: 'speaker' }],
    relations: [{ head: 1, child: 2, label: 'attributed_to ' }],
  }

  it('is refused, with or without --add-labels, when it starts or ends with white space: no label " Claim" beside "Claim"', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const input = writeJsonl(folder, 'in.jsonl', [record])
    const refused = await cli('import', '--add-labels', corpus, input)
    expect(refused.code).toBe(1)
    const lines = refused.stderr.trim().split('\n')
    expect(lines[0]).toBe(`${input}:1: spans[0].label: the label name " Claim" starts or ends with white space; write it without: "Claim"`)
    expect(lines[1]).toBe(`${input}:1: relations[0].label: the label name "attributed_to " starts or ends with white space; write it without: "attributed_to"`)
    const labels = await cli('labels', corpus)
    expect(labels.stdout).not.toMatch(/ Claim|speaker|attributed_to /)
  })

  it('added with --add-labels beside the corpus\'s label it differs from only in case, is warned of', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ ...record, relations: [], spans: [record.spans[1], { start: 7, end: 11, label: 'SPEAKER' }] }])
    const result = await cli('import', '--add-labels', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('warning: label span "speaker" added beside "Speaker", from which it differs only in case or spaces: check that they are not meant to be one label')
    expect(result.stderr).toContain('warning: label span "SPEAKER" added beside "Speaker"')
  })

  it('is said to be unknown with the corpus\'s label it differs from only in case or spaces', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ ...record, relations: [], spans: [record.spans[1]] }])
    const refused = await cli('import', join(folder, 'c.marginalia'), input)
    expect(refused.stderr.trim()).toBe(
      `${input}:1: spans[0].label: unknown span label "speaker" (this corpus has Claim, Speaker, Source, Spam; did you mean "Speaker"?); run with --add-labels to add it; import refused, nothing was written: 1 problem in the input`,
    )
  })
})

describe('relation ids of a record', () => {
  it('a relation without an id before one given id 1 gets another id: both are imported (the import failed on a UNIQUE constraint)', async () => {
    const folder = scratch()
    const record = {
      id: 'a',
      text: 'Mr Kim said the summit went well, and Seoul agreed.',
      spans: [{ id: 1, start: 12, end: 33, label: 'Claim' }, { id: 2, start: 0, end: 6, label: 'Speaker' }, { id: 3, start: 38, end: 43, label: 'Source' }],
      relations: [{ head: 1, child: 2, label: 'attributed_to' }, { id: 1, head: 1, child: 3, label: 'attributed_to' }],
    }
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, writeJsonl(folder, 'in.jsonl', [record]))
    expect(result.code, result.stderr).toBe(0)
    const [document] = await exportOf(corpus)
    expect(document.relations.map((r: { id: number; child: number }) => [r.id, r.child])).toEqual([
      [1, 3],
      [2, 2],
    ])
  })
})

/** Imports `records` with --skip-invalid through the core (for its whole summary) into a new corpus in `folder`. */
async function importSkippingInvalid(folder: string, records: unknown[]) {
  const { Corpus } = await import('../../src/core/store/corpus')
  const { importInOneTransaction } = await import('../../src/core/import/import')
  const corpus = join(folder, 'c.marginalia')
  const writer = Corpus.open(corpus, { create: true })
  try {
    return { corpus, summary: importInOneTransaction(writer, [writeJsonl(folder, 'in.jsonl', records)], { annotator: 'ana', skipInvalid: true }) }
  } finally {
    writer.close()
  }
}

describe('import with --skip-invalid', () => {
  it('a record refused (its ids numbered past the largest) does not take its id: a later record of the id is imported as the document', async () => {
    const folder = scratch()
    const text = 'Mr Kim said the summit went well, and Seoul agreed.'
    const records = [
      { id: 'x', text, spans: [{ id: 2 ** 31 - 1, start: 12, end: 33, label: 'Claim' }, { start: 0, end: 6, label: 'Speaker' }] },
      { id: 'x', text, spans: [{ start: 0, end: 6, label: 'Speaker', annotator: 'bob' }] },
    ]
    const { corpus, summary } = await importSkippingInvalid(folder, records)
    expect(summary).toMatchObject({ documents: 1, invalidRecords: 1, joined: 0 })
    expect((await exportOf(corpus)).map((d) => [d.id, d.spans.map((span: { annotator: string }) => span.annotator)])).toEqual([['x', ['bob']]])
  })

  it('a record whose spans or relations without ids would be numbered past the largest is refused, naming which, and leaves nothing behind (its new analyst, its duplicate relations)', async () => {
    const folder = scratch()
    const text = 'Mr Kim said the summit went well, and Seoul agreed.'
    const MAX = 2 ** 31 - 1 // the largest id: a new one comes after every id given, so past it
    const records = [
      {
        id: 'a',
        text,
        spans: [
          { id: MAX, start: 12, end: 33, label: 'Claim', annotator: 'zed' },
          { id: 5, start: 0, end: 6, label: 'Speaker', annotator: 'zed' },
          { start: 38, end: 43, label: 'Source', annotator: 'zed' },
        ],
        relations: [{ head: MAX, child: 5, label: 'attributed_to', annotator: 'zed' }, { head: MAX, child: 5, label: 'attributed_to', annotator: 'zed' }],
      },
      {
        id: 'r',
        text,
        spans: [{ id: 1, start: 12, end: 33, label: 'Claim' }, { id: 2, start: 0, end: 6, label: 'Speaker' }, { id: 3, start: 38, end: 43, label: 'Source' }],
        relations: [{ id: MAX, head: 1, child: 2, label: 'attributed_to' }, { head: 1, child: 2, label: 'attributed_to' }, { head: 1, child: 3, label: 'attributed_to' }],
      },
      // zed's first record written.
      { id: 'b', text, spans: [{ start: 0, end: 6, label: 'Speaker', annotator: 'zed' }] },
    ]
    const { corpus, summary } = await importSkippingInvalid(folder, records)
    // The relation given twice is taken once, so only the third is numbered past the largest.
    expect(summary.invalid.map((problem) => problem.reason)).toEqual([
      'spans[2]: a span without an id would take id 2147483648, past the largest a span may have (2147483647), as new ids come after every id given; give it an id, or smaller ids to the others',
      'relations[2]: a relation without an id would take id 2147483648, past the largest a relation may have (2147483647), as new ids come after every id given; give it an id, or smaller ids to the others',
    ])
    expect(summary).toMatchObject({ documents: 1, invalidRecords: 2, duplicateRelationsMerged: 0 })
    expect((await exportOf(corpus)).map((d) => [d.id, d.spans.map((span: { annotator: string }) => span.annotator)])).toEqual([['b', ['zed']]])
  })

  it('imports the good lines and lists each skipped one', async () => {
    const folder = scratch()
    const lines = [JSON.stringify(GOOD), ...BAD_LINES.map(([, line]) => line), JSON.stringify({ id: 'last', text: 'the end' })]
    const input = writeFile(folder, 'in.jsonl', `${lines.join('\n')}\n`)
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--skip-invalid', corpus, input)
    expect(result.code).toBe(0)
    for (let line = 2; line <= BAD_LINES.length + 1; line++) expect(result.stderr).toContain(`skipped ${input}:${line}:`)
    expect((await exportOf(corpus)).map((d) => d.id)).toEqual(['good', 'last'])
  })

  it("lists every problem of a skipped record, each naming file and line, the first few of a record and how many more", async () => {
    const folder = scratch()
    const text = 'Mr Putin told journalists.'
    const records = [
      // Three problems the reader finds: a span past the end, a reversed one, a relation to a span the record lacks.
      { id: 'a', text, spans: [{ id: 1, start: 0, end: 99, label: 'Speaker' }, { id: 2, start: 9, end: 3, label: 'Claim' }], relations: [{ head: 1, child: 7, label: 'attributed_to' }] },
      GOOD,
      // Two the import finds: labels the corpus lacks.
      { id: 'c', text, spans: [{ start: 0, end: 8, label: 'PERSON' }, { start: 14, end: 25, label: 'ORG' }] },
      // Nine: five listed, and the rest counted.
      { id: 'd', text, spans: Array.from({ length: 9 }, (_, i) => ({ start: 30 + i, end: 40 + i, label: 'Claim' })) },
      // Two the record's shape has.
      { id: 'e', text, spans: [{ start: 'zero', end: 2, label: 'Claim' }], status: 'finished' },
    ]
    const input = writeJsonl(folder, 'in.jsonl', records)
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--skip-invalid', corpus, input)
    expect(result.code, result.stderr).toBe(0)
    const skipped = result.stderr.split('\n').filter((line) => line.startsWith('skipped '))
    expect(skipped.filter((line) => line.includes('in.jsonl:1: '))).toEqual([
      `skipped ${input}:1: spans[0].end: 99 is past the end of the text (26 code points)`,
      `skipped ${input}:1: spans[1]: start 9 is after end 3`,
      `skipped ${input}:1: relations[0].child: there is no span id 7 in this record`,
    ])
    expect(skipped.filter((line) => line.includes('in.jsonl:3: '))).toEqual([
      expect.stringMatching(/:3: spans\[0\]\.label: unknown span label "PERSON"/),
      expect.stringMatching(/:3: spans\[1\]\.label: unknown span label "ORG"/),
    ])
    const nine = skipped.filter((line) => line.includes('in.jsonl:4: '))
    expect(nine).toHaveLength(6)
    expect(nine.slice(0, 5).every((line, i) => line.includes(`spans[${i}].end: ${40 + i} is past the end`))).toBe(true)
    expect(nine[5]).toBe(`skipped ${input}:4: and 4 more problems in this record`)
    expect(skipped.filter((line) => line.includes('in.jsonl:5: '))).toEqual([
      expect.stringMatching(/:5: status: must be "todo", "done" or "skipped"/),
      expect.stringMatching(/:5: spans\[0\]\.start: must be a number/),
    ])
    expect(result.stderr).toMatch(/imported 1 document .*; 4 invalid records skipped \(16 problems, the first 5 of each record listed\)/)
    expect((await exportOf(corpus)).map((d) => d.id)).toEqual(['good'])
  })

  it('lists every problem of a skipped Label Studio task', async () => {
    const folder = scratch()
    const region = (id: string, start: number, end: number) => ({ id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, labels: ['Claim'] } })
    const tasks = [{ id: 1, data: { text: 'Kim said talks failed.' }, annotations: [{ result: [region('a', 0, 99), region('b', 9, 2), { type: 'relation', from_id: 'a', to_id: 'b', labels: ['x'] }, { type: 'choices', value: { choices: 'Politics' } }] }] }]
    const input = writeFile(folder, 'ls.json', JSON.stringify(tasks, null, 2))
    const result = await cli('import', '--skip-invalid', join(folder, 'c.marginalia'), input)
    const skipped = result.stderr.split('\n').filter((line) => line.startsWith('skipped '))
    expect(skipped).toEqual([
      `skipped ${input}:2: annotations[0].result[0].value.end: 99 is past the end of the text (22 UTF-16 code units)`,
      `skipped ${input}:2: annotations[0].result[1].value: start 9 is after end 2`,
      `skipped ${input}:2: annotations[0].result[3].value.choices: must be an array of labels`,
    ])
    expect(result.stderr).toMatch(/1 invalid record skipped \(3 problems, each listed\)/)
  })

  it('counts a W3C document with two refused annotations as one record, listing both at their lines', async () => {
    const folder = scratch()
    const anno = 'http://www.w3.org/ns/anno.jsonld'
    const text = { '@context': [anno, { '@version': 1.1, marginalia: 'urn:marginalia:vocab:', 'marginalia:document': { '@type': '@json' } }], id: 'urn:x:text', type: 'Annotation', motivation: 'describing', body: { type: 'TextualBody', value: 'Kim said it.' }, target: 'urn:x:doc', 'marginalia:document': { id: 'd' } }
    const tag = (id: string, selector: unknown) => ({ '@context': anno, id, type: 'Annotation', motivation: 'tagging', body: { type: 'TextualBody', value: 'Speaker' }, target: { source: 'urn:x:doc', selector } })
    const input = writeJsonl(folder, 'w.jsonl', [text, tag('urn:x:1', { type: 'TextPositionSelector', start: 0, end: 99 }), tag('urn:x:2', { type: 'TextQuoteSelector', exact: 'nowhere' })])
    const result = await cli('import', '--skip-invalid', '--format', 'w3c-jsonl', join(folder, 'c.marginalia'), input)
    expect(result.stderr).toContain(`skipped ${input}:2: annotation urn:x:1: TextPositionSelector.end: 99 is past the end`)
    expect(result.stderr).toContain(`skipped ${input}:3: annotation urn:x:2: TextQuoteSelector: "nowhere"`)
    expect(result.stderr).toMatch(/1 invalid record skipped \(2 problems, each listed\)/)
  })

  it('leaves nothing of a record refused halfway (a relation breaking its label rule)', async () => {
    const folder = scratch()
    const record = {
      id: 'half',
      text: 'Putin said so',
      spans: [
        { id: 1, start: 0, end: 5, label: 'Speaker' },
        { id: 2, start: 6, end: 13, label: 'Claim' },
      ],
      relations: [{ head: 1, child: 2, label: 'attributed_to' }],
    }
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--skip-invalid', corpus, writeJsonl(folder, 'in.jsonl', [record, GOOD]))
    expect(result.stderr).toMatch(/in\.jsonl:1: "attributed_to" needs a head labelled Claim, but span 1 is Speaker \(relations\[0\]\); this corpus.s rule for "attributed_to" refuses it: change the rule with marginalia labels --define, or import into a corpus made with the input.s label set \(--labels FILE/)
    const exported = await exportOf(corpus)
    expect(exported.map((d) => d.id)).toEqual(['good'])
    expect((await cli('stats', '--json', corpus)).stdout).toContain('"spans": 1')
  })
})

describe('import of documents', () => {
  it('takes .txt files verbatim, titled by file name, and folders of them', async () => {
    const folder = scratch()
    mkdirSync(join(folder, 'news', 'world'), { recursive: true })
    writeFile(folder, 'news/a.txt', 'First article.\nSecond line 😀.\n')
    writeFile(folder, 'news/world/b.txt', '\ufeffWindows\r\nline ends\r\n')
    writeFile(folder, 'news/ignored.md', '# not imported')
    writeFile(folder, 'news/empty.txt', '\ufeff \n') // no text to annotate: no document, and said
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, join(folder, 'news'))
    expect(result.stderr).toMatch(/imported 2 documents .* from 3 files/)
    expect(result.stderr).toMatch(/warning: \S*empty\.txt: no records in it; nothing imported from it/)
    const docs = await exportOf(corpus)
    expect(docs.map((d) => [d.id, d.title, d.text])).toEqual([
      ['a', 'a', 'First article.\nSecond line 😀.\n'],
      ['world/b', 'b', 'Windows\nline ends\n'],
    ])
  })

  it('reads Prodigy/spaCy spans, doccano label tuples and doccano entities with relations', async () => {
    const folder = scratch()
    const text = 'Mr Putin said: “Talks went well.” 😀'
    const input = writeJsonl(folder, 'tools.jsonl', [
      { text, meta: { source: 'prodigy' }, _annotator_id: 'prodigy-ann', spans: [{ start: 3, end: 8, label: 'Speaker', token_start: 1, token_end: 1 }] },
      { text, label: [[3, 8, 'Speaker'], [16, 32, 'Claim']] },
      {
        id: 77,
        text,
        entities: [
          { id: 10, start_offset: 3, end_offset: 8, label: 'Speaker' },
          { id: 11, start_offset: 16, end_offset: 32, label: 'Claim' },
        ],
        relations: [{ id: 5, from_id: 11, to_id: 10, type: 'attributed_to' }],
      },
      {
        text,
        spans: [
          { start: 3, end: 8, label: 'Speaker' },
          { start: 16, end: 32, label: 'Claim' },
        ],
        relations: [{ head: 4, child: 1, label: 'attributed_to', head_span: { start: 16, end: 32 }, child_span: { start: 3, end: 8 } }],
      },
    ])
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--annotator', 'importer', corpus, input)
    expect(result.code, result.stderr).toBe(0)
    const [prodigy, doccanoLabel, doccanoEntities, prodigyRelations] = await exportOf(corpus)
    expect(prodigy.id).toBe('tools-1')
    expect(prodigy.meta).toEqual({ source: 'prodigy' })
    expect(prodigy.spans.map((s: any) => [s.text, s.annotator])).toEqual([['Putin', 'prodigy-ann']])
    expect(doccanoLabel.spans.map((s: any) => [s.label, s.text, s.annotator])).toEqual([
      ['Speaker', 'Putin', 'importer'],
      ['Claim', 'Talks went well.', 'importer'],
    ])
    expect(doccanoEntities.id).toBe('77')
    expect(doccanoEntities.spans.map((s: any) => s.id)).toEqual([10, 11])
    expect(doccanoEntities.relations).toMatchObject([{ id: 5, head: 11, child: 10, label: 'attributed_to' }])
    expect(prodigyRelations.relations).toMatchObject([{ head: 2, child: 1, label: 'attributed_to' }])
  })

  it('gives spans without ids new ones that never collide with the ids given beside them', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [
      { id: 'd', text: 'one two three', spans: [{ start: 0, end: 3, label: 'Claim' }, { id: 1, start: 4, end: 7, label: 'Claim' }] },
    ])
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, input)
    expect(result.code, result.stderr).toBe(0)
    const [doc] = await exportOf(corpus)
    expect(doc.spans.map((s: any) => [s.id, s.text])).toEqual([
      [2, 'one'],
      [1, 'two'],
    ])
  })

  it('carries offsets given for CRLF text over to the LF text it stores', async () => {
    const folder = scratch()
    const text = 'line one\r\nMr Putin\r\n😀 end'
    const input = writeJsonl(folder, 'crlf.jsonl', [{ id: 'd', text, spans: [{ start: 10, end: 18, label: 'Speaker', text: 'Mr Putin' }, { start: 20, end: 25, label: 'Spam' }] }])
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, input)).code).toBe(0)
    const [doc] = await exportOf(corpus)
    expect(doc.text).toBe('line one\nMr Putin\n😀 end')
    expect(doc.spans.map((s: any) => s.text)).toEqual(['Mr Putin', '😀 end'])
  })

  it('adds unknown labels with --add-labels', async () => {
    const folder = scratch()
    const input = writeJsonl(folder, 'in.jsonl', [{ text: 'abc', spans: [{ start: 0, end: 1, label: 'PERSON' }], labels: ['Politics'] }])
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--add-labels', corpus, input)
    expect(result.stderr).toMatch(/labels added: span:PERSON, document:Politics/)
    expect((await cli('labels', corpus)).stdout).toMatch(/span\s+-\s+PERSON/)
  })

  it('makes a corpus with its own label set from --labels, and refuses --labels for an existing corpus', async () => {
    const folder = scratch()
    const labels = writeFile(folder, 'labels.json', JSON.stringify([{ name: 'Person', kind: 'span', hotkey: 'p', color: '#112233' }, { name: 'Topic', kind: 'document' }]))
    const corpus = join(folder, 'c.marginalia')
    const input = writeJsonl(folder, 'in.jsonl', [{ text: 'abc', spans: [{ start: 0, end: 1, label: 'Person' }], labels: ['Topic'] }])
    expect((await cli('import', '--labels', labels, corpus, input)).code).toBe(0)
    expect(JSON.parse((await cli('labels', '--json', corpus)).stdout).map((l: any) => l.name)).toEqual(['Person', 'Topic'])
    const again = await cli('import', '--labels', labels, corpus, input)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/--labels only sets the label set of a new corpus/)
  })

  it('refuses a label file with a clear reason', async () => {
    const folder = scratch()
    const labels = writeFile(folder, 'labels.json', JSON.stringify([{ name: 'A', kind: 'span', hotkey: '1' }, { name: 'B', kind: 'span', hotkey: '1' }]))
    const result = await cli('import', '--labels', labels, join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', [GOOD]))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/labels\.json:1: the span labels "A" and "B" share the hotkey "1"/)
  })
})

describe('a UTF-8 byte order mark at the start of an input', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf])

  it('JSONL: is left out, and the offsets count from the character after it (an astral one)', async () => {
    const folder = scratch()
    const record = { id: 'b', text: '😀 Kim said so.', spans: [{ start: 2, end: 5, label: 'Speaker', text: 'Kim' }] }
    const input = writeFile(folder, 'bom.jsonl', Buffer.concat([BOM, Buffer.from(`${JSON.stringify(record)}\n${JSON.stringify({ ...record, id: 'c' })}\n`)]))
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, input)
    expect(result.stderr).not.toMatch(/invalid JSON/)
    expect(result.code, result.stderr).toBe(0)
    const [first, second] = await exportOf(corpus)
    for (const document of [first, second]) {
      expect(document.text).toBe('😀 Kim said so.')
      expect(document.spans).toMatchObject([{ start: 2, end: 5, text: 'Kim' }])
    }
  })

  it('JSONL: only at the start of the file; one starting a later line is refused naming the line', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'bom.jsonl', Buffer.concat([Buffer.from(`${JSON.stringify(GOOD)}\n`), BOM, Buffer.from(`${JSON.stringify({ ...GOOD, id: 'x' })}\n`)]))
    const result = await cli('import', join(folder, 'c.marginalia'), input)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/bom\.jsonl:2: invalid JSON: the line starts with a byte order mark \(U\+FEFF\), which only the very start of a file may have/)
    expect(result.stderr).not.toContain('\ufeff') // named, not shown: it is invisible
  })

  it('text: is left out, and the text starts with the astral character after it', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'bom.txt', Buffer.concat([BOM, Buffer.from('😀 Kim said so.\n')]))
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, input)).code).toBe(0)
    const [document] = await exportOf(corpus)
    expect([...(document.text as string)][0]).toBe('😀')
  })

  it('CoNLL: is left out of the first token', async () => {
    const folder = scratch()
    const input = writeFile(folder, 'bom.conll', Buffer.concat([BOM, Buffer.from('Kim B-Speaker\nsaid O\n\n')]))
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', '--add-labels', corpus, input)
    expect(result.code, result.stderr).toBe(0)
    const [document] = await exportOf(corpus)
    expect(document.text).toMatch(/^Kim said/)
    expect(document.spans).toMatchObject([{ start: 0, end: 3, label: 'Speaker' }])
  })
})

describe('offsets that look like UTF-16 code units', () => {
  const text = 'Judge 👩‍⚖️ Anna said rates rise after 😀 the vote.'
  const units16 = (before: string) => before.length // JavaScript's string length: UTF-16 code units
  const at = (needle: string) => ({ cp: [...text.slice(0, text.indexOf(needle))].length, u16: units16(text.slice(0, text.indexOf(needle))) })
  const record = (unit: 'cp' | 'u16') => ({
    id: unit,
    text,
    label: [
      [at('Anna')[unit], at('Anna')[unit] + 4, 'Speaker'],
      [at('rates rise')[unit], at('rates rise')[unit] + 10, 'Claim'],
    ],
  })

  it('are imported as code points, as documented, with a warning to import again with --offsets utf16', async () => {
    const folder = scratch()
    const result = await cli('import', join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', [record('u16')]))
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/warning: spans without their text, in records with emoji .* fit word edges as UTF-16 code units: .* --offsets utf16/)
  })

  it('are not suspected where code points fit the words', async () => {
    const folder = scratch()
    const result = await cli('import', join(folder, 'c.marginalia'), writeJsonl(folder, 'in.jsonl', [record('cp')]))
    expect(result.code).toBe(0)
    expect(result.stderr).not.toMatch(/warning/)
    expect((await exportOf(join(folder, 'c.marginalia')))[0].spans.map((s: { text: string }) => s.text)).toEqual(['Anna', 'rates rise'])
  })
})

describe('ids already in the corpus', () => {
  const first = { id: 'd1', text: 'Original text.', spans: [{ start: 0, end: 8, label: 'Claim' }] }
  const second = { id: 'd1', text: 'Replacement text.' }

  async function twoImports(...options: string[]): Promise<{ corpus: string; result: Awaited<ReturnType<typeof cli>> }> {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await cli('import', corpus, writeJsonl(folder, 'a.jsonl', [first]))).code).toBe(0)
    const result = await cli('import', ...options, corpus, writeJsonl(folder, 'b.jsonl', [second, { id: 'd2', text: 'New.' }]))
    return { corpus, result }
  }

  it('are kept with their annotations by default (--existing skip) and reported', async () => {
    const { corpus, result } = await twoImports()
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/imported 1 document .*1 document already in the corpus left as it was \("d1", whose text in the input differs; --existing replace takes the new one\)/)
    const docs = await exportOf(corpus)
    expect(docs.map((d) => [d.id, d.text, d.spans.length])).toEqual([
      ['d1', 'Original text.', 1],
      ['d2', 'New.', 0],
    ])
    // Run again with one text the same, one changed: only the changed one is said to differ.
    const same = await cli('import', corpus, writeJsonl(scratch(), 'same.jsonl', [first, { id: 'd2', text: 'Other.' }]))
    expect(same.stderr).toMatch(/2 documents already in the corpus left as they were \("d1", "d2"; 1 of them with another text in the input: "d2"; --existing replace/)
  })

  it('are replaced, annotations and all, with --existing replace, which says what it deleted', async () => {
    const { corpus, result } = await twoImports('--existing', 'replace')
    expect(result.stderr).toMatch(/1 replaced an existing document, deleting the 1 span it had/)
    expect((await exportOf(corpus)).map((d) => [d.id, d.text, d.spans.length])).toEqual([
      ['d1', 'Replacement text.', 0],
      ['d2', 'New.', 0],
    ])
  })

  it('replaced, count every span, relation and document label deleted with them, and say so when there were none', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const annotated = {
      id: 'a',
      text: 'Mr Putin said the talks went well.',
      spans: [
        { id: 1, start: 3, end: 8, label: 'Speaker' },
        { id: 2, start: 14, end: 33, label: 'Claim' },
      ],
      relations: [{ head: 2, child: 1, label: 'attributed_to' }],
      labels: ['Topic'],
    }
    const before = [annotated, { id: 'b', text: 'Bare.' }, { id: 'c', text: 'Also bare.' }]
    expect((await cli('import', '--add-labels', corpus, writeJsonl(folder, 'a.jsonl', before))).code).toBe(0)
    const again = (name: string, records: unknown[]) => cli('import', '--existing', 'replace', corpus, writeJsonl(folder, name, records))
    const two = await again('b.jsonl', [{ id: 'a', text: 'New a.' }, { id: 'b', text: 'New b.' }])
    expect(two.code).toBe(0)
    expect(two.stderr).toMatch(/2 replaced existing documents, deleting the 2 spans, 1 relation and 1 document label they had/)
    const bare = await again('c.jsonl', [{ id: 'c', text: 'New c.', spans: [{ start: 0, end: 3, label: 'Claim' }] }])
    expect(bare.stderr).toMatch(/imported 1 document \(1 span,.*; 1 replaced an existing document \(it had no annotations\)/)
    expect((await exportOf(corpus)).map((d) => [d.id, d.text, d.spans.length, d.relations.length])).toEqual([
      ['a', 'New a.', 0, 0],
      ['b', 'New b.', 0, 0],
      ['c', 'New c.', 1, 0],
    ])
  })

  it('refuse the run with --existing error', async () => {
    const { corpus, result } = await twoImports('--existing', 'error')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/b\.jsonl:1: id "d1" is already in the corpus/)
    expect((await exportOf(corpus)).map((d) => d.id)).toEqual(['d1'])
  })
})

describe('import progress', () => {
  const bigInput = (folder: string): string =>
    writeJsonl(folder, 'big.jsonl', Array.from({ length: 2500 }, (_, i) => ({ id: `d${i}`, text: `Article ${i}. ${'Mr Putin said so. '.repeat(120)}` })))

  it('draws a bar on stderr for a long import when stderr is a terminal, then a one-line summary', async () => {
    const folder = scratch()
    const result = await cliOnTerminal(true, 'import', join(folder, 'c.marginalia'), bigInput(folder))
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/importing \[[^\]]*\] +\d+%/)
    expect(result.stderr).toMatch(/imported 2500 documents .* from 1 file\n$/)
  })

  it('prints only the summary when stderr is not a terminal, and nothing with --quiet', async () => {
    const folder = scratch()
    const input = bigInput(folder)
    const plain = await cli('import', join(folder, 'a.marginalia'), input)
    expect(plain.stderr).toBe('imported 2500 documents (0 spans, 0 relations, 0 document labels) from 1 file\n')
    expect((await cliOnTerminal(true, 'import', '-q', join(folder, 'b.marginalia'), input)).stderr).toBe('')
  })
})

describe('a key written twice in one object', () => {
  it('refuses the record, naming the line and the key, in JSON Lines, W3C JSON Lines and whole JSON files', async () => {
    const folder = scratch()
    const jsonl = writeFile(folder, 'dup.jsonl', '{"id": "a", "text": "Kim said"}\n{"id": "b", "text": "Kim said", "spans": [{"start": 0, "end": 3, "label": "Speaker"}], "spans": []}\n')
    const result = await cli('import', join(folder, 'c.marginalia'), jsonl)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/dup\.jsonl:2: the key "spans" is written twice in one object: JSON readers keep one and drop the other without a word/)
    // In a nested object too, and in Label Studio's whole-file JSON, with the line of the second key.
    const nested = writeFile(folder, 'nested.jsonl', '{"id": "a", "text": "Kim said", "spans": [{"start": 0, "end": 3, "start": 1, "label": "Speaker"}]}\n')
    expect((await cli('import', join(folder, 'd.marginalia'), nested)).stderr).toMatch(/nested\.jsonl:1: the key "start" is written twice/)
    const studio = writeFile(folder, 'tasks.json', '[\n  {"data": {"text": "Kim said"},\n   "data": {"text": "other"}}\n]\n')
    expect((await cli('import', '--format', 'label-studio', join(folder, 'e.marginalia'), studio)).stderr).toMatch(/tasks\.json:3: the key "data" is written twice/)
    // A key's characters inside a string value are no key: a text holding '":' imports.
    const quoted = writeFile(folder, 'quoted.jsonl', `${JSON.stringify({ id: 'q', text: 'He said": no", "text": x', meta: { note: '"a": 1, "a": 2' } })}\n`)
    expect((await cli('import', join(folder, 'f.marginalia'), quoted)).code).toBe(0)
  })
})

describe('a folder with nothing to import', () => {
  it('is refused in one line saying what it holds, and no corpus is made (a mistyped folder imported nothing with success)', async () => {
    const folder = scratch()
    const empty = join(folder, 'empty')
    const other = join(folder, 'other')
    mkdirSync(empty)
    mkdirSync(other)
    writeFile(other, 'notes.csv', 'a,b\n')
    writeFile(other, '.hidden.jsonl', '{"text": "x"}\n')
    const corpus = join(folder, 'c.marginalia')
    const result = await cli('import', corpus, empty)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/empty: holds no file to import \(it is empty; expected \.jsonl, /)
    const csv = await cli('import', corpus, other)
    expect(csv.stderr).toMatch(/other: holds no file to import \(only 1 hidden, 1 \.csv; expected/)
    // Named with a slash at its end, as tab completion writes it: the same.
    expect((await cli('import', corpus, `${other}/`)).stderr).toMatch(/holds no file to import \(only 1 hidden, 1 \.csv; expected/)
    // A format given: what that format reads is what was expected.
    const texts = join(folder, 'texts')
    mkdirSync(texts)
    writeFile(texts, 'a.txt', 'Kim said\n')
    expect((await cli('import', '--format', 'brat', corpus, texts)).stderr).toMatch(/texts: holds no file to import \(only 1 \.txt; expected a \.txt with its \.ann beside it, for --format brat\)/)
    expect(existsSync(corpus)).toBe(false)
  })
})

describe('numbers a record holds', () => {
  it('are refused only where reading JSON would change them: integers written in digits past 2^53 that a double does not hold, and numbers past the largest double', async () => {
    const folder = scratch()
    const meta = { safe: 9007199254740991, twoTo53: 9007199254740992, rounded: 1234567890123456800, exponent: 1e20, big: 1.5e300, small: 1e-300, fraction: 0.30000000000000004, negative: -9007199254740993 }
    // Written by JSON.stringify, every number is as a double holds it, so all of them import as written but the last.
    const text = `{"id": "n", "text": "abc", "meta": ${JSON.stringify(meta).replace('-9007199254740992', '-9007199254740993')}}\n`
    expect(text).toContain('-9007199254740993')
    const bad = await cli('import', join(folder, 'a.marginalia'), writeFile(folder, 'bad.jsonl', text))
    expect(bad.stderr).toMatch(/bad\.jsonl:1: the number -9007199254740993 would be read as -9007199254740992/)
    const good = writeFile(folder, 'good.jsonl', text.replace('-9007199254740993', '-9007199254740992'))
    const corpus = join(folder, 'b.marginalia')
    const result = await cli('import', corpus, good)
    expect(result.code, result.stderr).toBe(0)
    const exported = (await cli('export', corpus)).stdout
    expect((JSON.parse(exported) as { meta: unknown }).meta).toEqual({ ...meta, negative: -9007199254740992 })
    // Digits in a string are no number, and the export imports back.
    const strings = await cli('import', join(folder, 'c.marginalia'), writeFile(folder, 's.jsonl', '{"id": "s", "text": "id 1234567890123456789", "meta": {"tweet_id": "1234567890123456789"}}\n'))
    expect(strings.code, strings.stderr).toBe(0)
    const again = await cli('import', join(folder, 'd.marginalia'), writeFile(folder, 'export.jsonl', exported))
    expect(again.code, again.stderr).toBe(0)
  })

  it('are refused in whole JSON files with the line, and a key written twice with white space before its colon is found too', async () => {
    const folder = scratch()
    const studio = writeFile(folder, 'tasks.json', '[\n  {"data": {"text": "Kim said", "tweet": 1234567890123456789}}\n]\n')
    expect((await cli('import', '--format', 'label-studio', join(folder, 'a.marginalia'), studio)).stderr).toMatch(/tasks\.json:2: the number 1234567890123456789 would be read as/)
    const spaced = writeFile(folder, 'spaced.jsonl', '{"id": "a", "text": "Kim said", "title": "First", "title" : "Second"}\n')
    expect((await cli('import', join(folder, 'b.marginalia'), spaced)).stderr).toMatch(/spaced\.jsonl:1: the key "title" is written twice/)
  })
})

describe('who annotations that name no analyst are recorded under', () => {
  it('is said in the summary, with how many, unless --annotator named them; annotations that name theirs are not counted', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const input = join(folder, 'in.jsonl')
    writeFileSync(
      input,
      [
        { id: 'a', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker' }, { start: 12, end: 14, label: 'Claim', annotator: 'bob' }] },
        {
          id: 'b',
          text: 'Putin agreed.',
          spans: [{ id: 1, start: 0, end: 5, label: 'Speaker' }, { id: 2, start: 6, end: 12, label: 'Claim' }],
          relations: [{ head: 2, child: 1, label: 'attributed_to' }, { head: 2, child: 1, label: 'attributed_to' }], // the second merged
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    )
    const previous = process.env.MARGINALIA_ANNOTATOR
    process.env.MARGINALIA_ANNOTATOR = 'ana'
    try {
      const result = await cli('import', corpus, input)
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toMatch(/; 4 annotations naming no analyst recorded as "ana" \(--annotator names another\)/)
      const named = await cli('import', join(folder, 'd.marginalia'), input, '--annotator', 'cy')
      expect(named.stderr).not.toMatch(/naming no analyst/)
    } finally {
      if (previous === undefined) delete process.env.MARGINALIA_ANNOTATOR
      else process.env.MARGINALIA_ANNOTATOR = previous
    }
  })
})

describe('import into a new corpus of records whose spans carry choices no label declares', () => {
  it("says so, and how to carry another corpus's label set; with --labels it says nothing", async () => {
    const folder = scratch()
    const records = writeJsonl(folder, 'full.jsonl', [
      { id: 'a', text: 'Kim met Putin.', spans: [{ start: 0, end: 3, label: 'Claim', attrs: { checkworthy: 'yes', note: 'a note is no choice' } }] },
    ])
    const made = await cli('import', join(folder, 'new.marginalia'), records)
    expect(made.code, made.stderr).toBe(0)
    expect(made.stderr).toMatch(/^warning: spans carry attributes no label of the new corpus declares \(Claim: checkworthy\): they are kept, .* import into a new corpus with --labels FILE \(made by marginalia labels CORPUS --json\)/m)
    const labels = join(folder, 'labels.json')
    writeFileSync(labels, (await cli('labels', '--json', join(folder, 'new.marginalia'))).stdout.replace('"name": "Claim",', '"name": "Claim", "attributes": [{ "name": "checkworthy", "values": ["yes", "no"] }],'))
    const declared = await cli('import', '--labels', labels, join(folder, 'declared.marginalia'), records)
    expect(declared.code, declared.stderr).toBe(0)
    expect(declared.stderr).not.toMatch(/no label of the new corpus declares/)
  })
})
