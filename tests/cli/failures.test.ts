/**
 * The command's failures, as a user at a terminal or a script meets them: one line naming the file (and
 * line) and the reason, a documented exit code, no stack trace, and nothing changed. Each case here ended
 * with a stack trace (exit 70), or worse, before.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION, migrate } from '../../src/core/db/migrations'
import { APPLICATION_ID } from '../../src/core/db/open'
import { scratch } from '../helpers'
import { asOtherUser, BIN, exportOf, hasStackTrace, isRoot, marginalia, openToAll, SERVE, writeArticles } from './process'

const EXIT = { refused: 1, storage: 3 }

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** A corpus holding the sample article, in a folder every user may enter. */
async function sampleCorpus(): Promise<{ folder: string; corpus: string }> {
  const folder = scratch()
  openToAll(folder)
  const corpus = join(folder, 'c.marginalia')
  expect((await marginalia(['sample', corpus])).code).toBe(0)
  chmodSync(corpus, 0o644)
  return { folder, corpus }
}

/** Asserts a failure said in one line (mentioning `mentions`), with `code`, and no stack trace. */
function expectOneLineFailure(result: { code: number | null; stderr: string }, code: number, mentions: (string | RegExp)[]): void {
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1)
  for (const text of mentions) expect(result.stderr).toMatch(text)
  expect(result.code, result.stderr).toBe(code)
}

describe('import refuses bad input in one line and changes nothing', () => {
  const cases: [string, string, RegExp][] = [
    ['JSON nested deeper than the stack', `{"text":"x","meta":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, /in\.jsonl:1: meta\.a\.a.*nested more than \d+ levels/],
    ['meta nested more than 1,000 deep', `{"text":"x","meta":${'{"a":'.repeat(1_500)}1${'}'.repeat(1_500)}}`, /in\.jsonl:1: meta\.a.*nested more than/],
    ['attrs nested deeper than the stack', `{"text":"xyz","spans":[{"start":0,"end":1,"label":"Claim","attrs":{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}}]}`, /in\.jsonl:1: spans\[0\]\.attrs\.a.*nested/],
    ['the key "__proto__" in meta, which would be dropped', `{"text":"x","meta":{"source":"AP","__proto__":{"x":1}}}`, /in\.jsonl:1: meta: has the key "__proto__"/],
    ['the key "__proto__" in a span\'s attrs', `{"text":"Kim said","spans":[{"start":0,"end":3,"label":"Speaker","attrs":{"__proto__":"y"}}]}`, /in\.jsonl:1: spans\[0\]\.attrs: has the key "__proto__"/],
    ['a label name holding a control character (refused before --add-labels could add it)', `{"text":"Kim said","spans":[{"start":0,"end":3,"label":"Sp\\neaker"}]}`, /in\.jsonl:1: spans\[0\]\.label: the label name "Sp\\neaker" holds a control or invisible character/],
    ['a span id near 2^53', `{"text":"Kim said","spans":[{"id":9007199254740990,"start":0,"end":3,"label":"Speaker"}]}`, /in\.jsonl:1: spans\[0\]\.id: must be at most 2,147,483,647/],
    ['a relation id near 2^53', `{"text":"Kim said","spans":[{"id":1,"start":0,"end":3,"label":"Speaker"},{"id":2,"start":4,"end":8,"label":"Claim"}],"relations":[{"id":9007199254740991,"head":2,"child":1,"label":"attributed_to"}]}`, /in\.jsonl:1: relations\[0\]/],
  ]
  for (const [what, line, message] of cases) {
    it(what, async () => {
      const { folder, corpus } = await sampleCorpus()
      const before = digest(corpus)
      const input = join(folder, 'in.jsonl')
      writeFileSync(input, `${line}\n`)
      const result = await marginalia(['import', corpus, input])
      expectOneLineFailure(result, EXIT.refused, [message, /nothing was written/])
      expect(digest(corpus)).toBe(before)
    })
  }

  it('an input file it may not read', async () => {
    const { folder, corpus } = await sampleCorpus()
    const input = writeArticles(join(folder, 'secret.jsonl'), 2)
    chmodSync(input, 0o000)
    const result = await marginalia(['import', corpus, input], asOtherUser())
    expectOneLineFailure(result, EXIT.storage, [/secret\.jsonl: cannot be read: permission denied/])
  })
})

describe('import reads standard input, named -', () => {
  it('as the format --format names; without it, refuses in one line and leaves no corpus', () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const input = join(folder, 'in.jsonl')
    writeFileSync(input, `${JSON.stringify({ id: 'a', text: 'Mr Putin said hi.', spans: [{ start: 0, end: 8, label: 'Speaker' }] })}\n`)
    // Through a shell pipe, as a user would.
    const piped = (...args: string[]) => {
      const result = spawnSync('sh', ['-c', 'f="$1" node="$2" bin="$3"; shift 3; cat "$f" | "$node" "$bin" import "$@"', 'sh', input, process.execPath, BIN, ...args], { encoding: 'utf8' })
      return { code: result.status, stderr: result.stderr }
    }
    const refused = piped(corpus, '-')
    expectOneLineFailure(refused, EXIT.refused, [/^-: standard input needs --format NAME \(jsonl, conll, w3c-jsonl\.\.\.\)/])
    expect(existsSync(corpus)).toBe(false)
    const brat = piped('--format', 'brat', corpus, '-')
    expectOneLineFailure(brat, EXIT.refused, [/^-: brat is a \.txt with an \.ann beside it/])
    const read = piped('--format', 'jsonl', corpus, '-')
    expect(read.code, read.stderr).toBe(0)
    expect(read.stderr).toMatch(/imported 1 document \(1 span,/)
    expect(exportOf(corpus).map((d: any) => [d.id, d.spans.map((s: any) => s.text)])).toEqual([['a', ['Mr Putin']]])
    // A problem in what it reads names it as it was given: -, line.
    writeFileSync(input, `${JSON.stringify({ text: 'ok' })}\n${JSON.stringify({ text: 'abc', spans: [{ start: 0, end: 9, label: 'Claim' }] })}\n`)
    expectOneLineFailure(piped('--format', 'jsonl', corpus, '-'), EXIT.refused, [/^-:2: spans\[0\]\.end: 9 is past the end of the text/])
    // Also where a format names the line an annotation was written on (CoNLL's tags).
    writeFileSync(input, 'Kim B-PER\nsaid O\n\n')
    expectOneLineFailure(piped('--format', 'conll', corpus, '-'), EXIT.refused, [/^-:1: tag B-PER: unknown span label "PER"/])
  })
})

describe('import reads a named pipe once, as it does standard input', () => {
  it('refuses it without --format, opening it not at all, and reads it once with --format, never waiting on a second open', () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const pipe = join(folder, 'feed.jsonl')
    execFileSync('mkfifo', [pipe])
    // A writer that opens the pipe, writes one record and closes it: the reader must take it in one open.
    const fed = (...args: string[]) => {
      const line = JSON.stringify({ text: 'Mr Putin said hi.', spans: [{ start: 0, end: 8, label: 'Speaker' }] })
      const script = 'p="$1" node="$2" bin="$3" line="$4"; shift 4; (exec >/dev/null 2>&1; printf "%s\\n" "$line" > "$p") &  exec "$node" "$bin" import "$@"'
      const result = spawnSync('sh', ['-c', script, 'sh', pipe, process.execPath, BIN, line, ...args], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' })
      return { code: result.status, stderr: result.stderr }
    }
    const refused = fed(corpus, pipe)
    expectOneLineFailure(refused, EXIT.refused, [/feed\.jsonl: a named pipe or a device needs --format NAME \(jsonl, conll, w3c-jsonl\.\.\.\): its format cannot be told from a stream read only once/])
    expect(existsSync(corpus)).toBe(false)
    const read = fed('--format', 'jsonl', corpus, pipe) // also takes the record the refused run left waiting
    expect(read.code, read.stderr).toBe(0)
    expect(exportOf(corpus).map((d: any) => d.text)).toContain('Mr Putin said hi.')
  })
})

describe("names a stream's documents by their text, so that two streams never share an id", () => {
  it("process substitutions and standard input, in one run or several: ids from the text's digest, the same text the same document", () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    writeFileSync(join(folder, 'a.txt'), 'First article.\n')
    writeFileSync(join(folder, 'b.txt'), 'Second article.\n')
    writeFileSync(join(folder, 'c.jsonl'), '{"text": "Third."}\n{"text": "Fourth."}\n')
    writeFileSync(join(folder, 'd.jsonl'), '{"text": "Fifth."}\n')
    const run = (script: string) => {
      const result = spawnSync('bash', ['-c', `node="$0" bin="$1"; M() { "$node" "$bin" "$@"; }; ${script}`, process.execPath, BIN], { cwd: folder, encoding: 'utf8', timeout: 30_000 })
      expect(result.status, result.stderr).toBe(0)
      return result.stderr
    }
    run('M import c.marginalia --format txt <(cat a.txt) <(cat b.txt)')
    run('M import c.marginalia --format txt <(cat b.txt)') // the same text again: the same document, left as it was
    run('M import c.marginalia --format jsonl <(cat c.jsonl)')
    run('M import c.marginalia --format jsonl <(cat d.jsonl)')
    run('cat d.jsonl | M import c.marginalia --format jsonl -')
    run('cat c.jsonl | M import c.marginalia --format jsonl -')
    const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10)
    const documents = exportOf(corpus).map((d: any) => [d.id, d.text])
    expect(documents).toEqual([
      [`stream-${digest('First article.\n')}`, 'First article.\n'],
      [`stream-${digest('Second article.\n')}`, 'Second article.\n'],
      [`stream-1-${digest('Third.')}`, 'Third.'],
      [`stream-2-${digest('Fourth.')}`, 'Fourth.'],
      [`stream-1-${digest('Fifth.')}`, 'Fifth.'],
      [`stdin-1-${digest('Fifth.')}`, 'Fifth.'],
      [`stdin-1-${digest('Third.')}`, 'Third.'],
      [`stdin-2-${digest('Fourth.')}`, 'Fourth.'],
    ])
  })
})

describe('a refused import or merge leaves the corpus name as it found it', () => {
  const duplicated = (folder: string): string => {
    const input = join(folder, 'dup.jsonl')
    writeFileSync(input, '{"id":"a","text":"hi"}\n{"id":"a","text":"ho"}\n')
    return input
  }

  it('an empty file (which would have become the corpus) stays, empty', async () => {
    const folder = scratch()
    const corpus = join(folder, 'empty.marginalia')
    writeFileSync(corpus, '')
    expectOneLineFailure(await marginalia(['import', corpus, duplicated(folder)]), EXIT.refused, [/dup\.jsonl:2: id "a" repeats/])
    expect(readFileSync(corpus).length).toBe(0)
    expectOneLineFailure(await marginalia(['merge', corpus, join(folder, 'typo.marginalia')]), EXIT.refused, [/typo\.marginalia: no such corpus file/])
    expect(readFileSync(corpus).length).toBe(0)
    expect(readdirSync(folder).sort()).toEqual(['dup.jsonl', 'empty.marginalia'])
  })

  it('a symbolic link to an empty file stays a link, and the file stays empty', async () => {
    const folder = scratch()
    writeFileSync(join(folder, 'real.marginalia'), '')
    symlinkSync('real.marginalia', join(folder, 'link.marginalia'))
    expectOneLineFailure(await marginalia(['import', join(folder, 'link.marginalia'), duplicated(folder)]), EXIT.refused, [/repeats/])
    expect(lstatSync(join(folder, 'link.marginalia')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(folder, 'real.marginalia')).length).toBe(0)
  })

  it('a link to no file yet stays as it was, and no corpus is left where it points', async () => {
    const folder = scratch()
    symlinkSync('later.marginalia', join(folder, 'dangling.marginalia'))
    expectOneLineFailure(await marginalia(['import', join(folder, 'dangling.marginalia'), duplicated(folder)]), EXIT.refused, [/repeats/])
    expect(readlinkSync(join(folder, 'dangling.marginalia'))).toBe('later.marginalia')
    expect(existsSync(join(folder, 'later.marginalia'))).toBe(false)
    expect(readdirSync(folder).sort()).toEqual(['dangling.marginalia', 'dup.jsonl'])
  })

  it('a name with nothing behind it stays free', async () => {
    const folder = scratch()
    expectOneLineFailure(await marginalia(['import', join(folder, 'new.marginalia'), duplicated(folder)]), EXIT.refused, [/repeats/])
    expect(readdirSync(folder)).toEqual(['dup.jsonl'])
  })
})

describe('import takes what is big but sound', () => {
  it('a document with 200,000 spans', async () => {
    const folder = scratch()
    const text = 'ab '.repeat(200_000)
    const spans = Array.from({ length: 200_000 }, (_, i) => ({ start: i * 3, end: i * 3 + 2, label: 'Claim' }))
    const input = join(folder, 'dense.jsonl')
    writeFileSync(input, `${JSON.stringify({ id: 'dense', text, spans })}\n`)
    const corpus = join(folder, 'c.marginalia')
    const result = await marginalia(['import', corpus, input])
    expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
    expect(result.code, result.stderr).toBe(0)
    const [document] = exportOf(corpus) as { spans: { id: number; text: string }[] }[]
    expect(document.spans).toHaveLength(200_000)
    expect(document.spans[199_999]).toMatchObject({ id: 200_000, text: 'ab' })
  })
})

describe('a corpus that cannot be written', () => {
  it.skipIf(!isRoot && process.getuid === undefined)('import into a read-only corpus says so in one line', async () => {
    const { folder, corpus } = await sampleCorpus()
    chmodSync(corpus, 0o444)
    const before = digest(corpus)
    const input = writeArticles(join(folder, 'in.jsonl'), 3)
    const result = await marginalia(['import', corpus, input], asOtherUser())
    expectOneLineFailure(result, EXIT.storage, [corpus])
    expect(digest(corpus)).toBe(before)
  })

  it('import into a corpus in a folder it may not write says so in one line', async () => {
    const { folder, corpus } = await sampleCorpus()
    chmodSync(corpus, 0o666) // the file may be written, but not its folder, where the journal goes
    const before = digest(corpus)
    const input = writeArticles(join(scratch(), 'in.jsonl'), 3)
    chmodSync(input, 0o644)
    openToAll(join(input, '..'))
    const result = await marginalia(['import', corpus, input], asOtherUser())
    expectOneLineFailure(result, EXIT.storage, [corpus])
    expect(digest(corpus)).toBe(before)
    expect(folder).toBeTruthy()
  })
})

describe('a folder the user may not enter', () => {
  // A corpus on another user's share: every command that names a path inside it fails in one line naming the
  // path, with the exit code of a file that cannot be read or written (it said "a fault in Marginalia", 70, or
  // that a corpus there did not exist).
  it.skipIf(!isRoot && process.getuid === undefined)('a corpus or an output inside it: exit 3, naming the path, for every command', async () => {
    const { folder, corpus } = await sampleCorpus()
    const locked = join(folder, 'locked')
    mkdirSync(locked)
    const inside = join(locked, 'real.marginalia')
    execFileSync('cp', [corpus, inside])
    const before = digest(inside)
    chmodSync(locked, 0o000) // closed to everyone but root (the commands run as nobody when the tests run as root)
    const input = writeArticles(join(folder, 'in.jsonl'), 2)
    chmodSync(input, 0o644)
    const fresh = join(locked, 'new.marginalia')
    const runs: [string[], string][] = [
      [['import', fresh, input], fresh],
      [['import', inside, input], inside],
      [['merge', inside, corpus], inside],
      [['merge', corpus, inside], inside],
      [['sample', join(locked, 's.marginalia')], join(locked, 's.marginalia')],
      [['stats', inside], inside],
      [['check', inside], inside],
      [['export', inside], inside],
      [['export', corpus, '--format', 'brat', '-o', join(locked, 'out')], join(locked, 'out')],
      [['export', corpus, '-o', join(locked, 'out.jsonl')], join(locked, 'out.jsonl')],
    ]
    for (const [args, path] of runs) {
      const result = await marginalia(args, asOtherUser())
      expectOneLineFailure(result, EXIT.storage, [path, /permission denied/])
      expect(result.stderr, args.join(' ')).not.toMatch(/no such corpus|fault in Marginalia/)
    }
    chmodSync(locked, 0o700)
    expect(digest(inside)).toBe(before)
    expect(readdirSync(locked)).toEqual(['real.marginalia'])
  })
})

describe('the reason a permission is refused', () => {
  it.skipIf(!isRoot && process.getuid === undefined)('a folder that may be entered but not written is said as such (it was said not to be enterable), and a file that may not be opened as one, not as written', async () => {
    const { folder, corpus } = await sampleCorpus()
    const readOnly = join(folder, 'ro')
    mkdirSync(readOnly)
    chmodSync(readOnly, 0o555)
    for (const args of [['sample', join(readOnly, 's.marginalia')], ['copy', corpus, join(readOnly, 'd.marginalia')], ['import', join(readOnly, 'n.marginalia'), corpus]]) {
      const result = await marginalia(args, asOtherUser())
      expectOneLineFailure(result, EXIT.storage, [readOnly, /permission denied/])
      expect(result.stderr, args[0]).not.toMatch(/may not be entered/)
    }
    const conf = join(folder, 'conf')
    mkdirSync(conf)
    writeFileSync(join(conf, 'a.txt'), 'Kim said so.\n')
    writeFileSync(join(conf, 'a.ann'), '')
    writeFileSync(join(conf, 'annotation.conf'), '[entities]\nClaim\n')
    chmodSync(join(conf, 'annotation.conf'), 0o000)
    const unreadable = await marginalia(['import', join(folder, 'w.marginalia'), conf], asOtherUser())
    expectOneLineFailure(unreadable, EXIT.storage, [`${join(conf, 'annotation.conf')}: cannot be opened: permission denied`])
    expect(unreadable.stderr).not.toMatch(/w\.marginalia/)
  })
})

describe('input the system will not let import read', () => {
  /** A folder any user may write (the corpus is made there by another user), holding the input files. */
  function sharedFolder(): string {
    const folder = scratch()
    chmodSync(folder, 0o777)
    return folder
  }

  it.skipIf(!isRoot && process.getuid === undefined)('a file of any format it may not read exits 3, as the help says, naming the file; nothing is made', async () => {
    const folder = sharedFolder()
    const files = {
      'in.jsonl': `${JSON.stringify({ id: 'a', text: 'Hello 😀 world' })}\n`,
      'in.txt': 'Hello 😀 world\n',
      'in.conll': 'Hello B-Claim\nworld O\n',
      'in.jsonld': JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', items: [] }),
    }
    for (const [name, content] of Object.entries(files)) {
      const input = join(folder, name)
      writeFileSync(input, content)
      chmodSync(input, 0o600)
      const corpus = join(folder, `${name}.marginalia`)
      const result = await marginalia(['import', corpus, input], asOtherUser())
      expectOneLineFailure(result, EXIT.storage, [`${input}: cannot be read: permission denied`])
      expect(existsSync(corpus), name).toBe(false)
    }
  })

  it.skipIf(!isRoot && process.getuid === undefined)('beside a bad record, and as a folder it may not list: 3; a path that does not exist stays bad input (1)', async () => {
    const folder = sharedFolder()
    const bad = join(folder, 'bad.jsonl')
    writeFileSync(bad, `${JSON.stringify({ id: 'b', text: 'x', spans: [{ start: 0, end: 9, label: 'Claim' }] })}\n`)
    chmodSync(bad, 0o644)
    const hidden = join(folder, 'hidden.jsonl')
    writeFileSync(hidden, `${JSON.stringify({ id: 'h', text: 'y' })}\n`)
    chmodSync(hidden, 0o600)
    const both = await marginalia(['import', join(folder, 'both.marginalia'), bad, hidden], asOtherUser())
    expect(hasStackTrace(both.stderr), both.stderr).toBe(false)
    expect(both.stderr).toMatch(`${hidden}: cannot be read: permission denied`)
    expect(both.stderr).toMatch(`${bad}:1:`)
    expect(both.code, both.stderr).toBe(EXIT.storage)
    const closed = join(folder, 'closed')
    mkdirSync(closed)
    writeFileSync(join(closed, 'a.jsonl'), `${JSON.stringify({ id: 'a', text: 'z' })}\n`)
    chmodSync(closed, 0o700)
    expectOneLineFailure(await marginalia(['import', join(folder, 'closed.marginalia'), closed], asOtherUser()), EXIT.storage, [`${closed}: cannot be read: permission denied`])
    expectOneLineFailure(await marginalia(['import', join(folder, 'missing.marginalia'), join(folder, 'missing.jsonl')]), EXIT.refused, [/missing\.jsonl: no such file or folder/])
  })
})

describe('export -o', () => {
  it('a corpus named under a file (sample, import, merge, copy): refused in one line as such, exit 1, no temporary file named', async () => {
    const { folder, corpus } = await sampleCorpus()
    writeFileSync(join(folder, 'afile'), 'x')
    const under = join(folder, 'afile', 'c.marginalia')
    for (const args of [['sample', under], ['import', under, corpus], ['merge', under, corpus], ['copy', corpus, under]]) {
      const result = await marginalia(args)
      expectOneLineFailure(result, EXIT.refused, [under, /is not a folder|a part of the path is not a folder/])
      expect(result.stderr, args[0]).not.toMatch(/\.making|\.partial|unable to open/)
    }
  })

  it('into a folder under a file (brat, CoNLL): refused as a path through a file, as for JSONL, not a raw EEXIST', async () => {
    const { folder, corpus } = await sampleCorpus()
    writeFileSync(join(folder, 'afile'), 'x')
    expectOneLineFailure(await marginalia(['export', corpus, '--format', 'brat', '-o', join(folder, 'afile', 'sub')]), EXIT.refused, [/afile\/sub: cannot be written: a part of the path is not a folder/])
    expectOneLineFailure(await marginalia(['export', corpus, '-o', join(folder, 'afile', 'x.jsonl')]), EXIT.refused, [/afile\/x\.jsonl: cannot be written: a part of the path is not a folder/])
  })

  it('into a folder that does not exist, onto a folder, and into a folder it may not write: one line each', async () => {
    const { folder, corpus } = await sampleCorpus()
    expectOneLineFailure(await marginalia(['export', corpus, '-o', join(folder, 'missing', 'x.jsonl')]), EXIT.refused, [/missing\/x\.jsonl: cannot be written: no such file or folder/])
    mkdirSync(join(folder, 'dir'))
    expectOneLineFailure(await marginalia(['export', corpus, '-o', join(folder, 'dir')]), EXIT.refused, [/dir: is a folder/])
    // A name ending in a slash means a folder, though none is there yet: not a file named without the slash.
    expectOneLineFailure(await marginalia(['export', corpus, '--format', 'conll', '-o', `${join(folder, 'new')}/`]), EXIT.refused, [/new\/: names a folder/])
    expect(existsSync(join(folder, 'new'))).toBe(false)
    const locked = join(folder, 'locked')
    mkdirSync(locked, { mode: 0o755 })
    expectOneLineFailure(await marginalia(['export', corpus, '-o', join(locked, 'x.jsonl')], asOtherUser()), EXIT.storage, [/locked\/x\.jsonl: cannot be written: permission denied/])
    expect(existsSync(join(locked, 'x.jsonl'))).toBe(false)
  })

  it('refuses to replace a corpus or another SQLite file, a slip away from the output meant; - is standard output', async () => {
    const { folder, corpus } = await sampleCorpus()
    const other = join(folder, 'colleague.marginalia')
    expect((await marginalia(['sample', other])).code).toBe(0)
    const before = digest(other)
    expectOneLineFailure(await marginalia(['export', corpus, '-o', other]), EXIT.refused, [/colleague\.marginalia: is a Marginalia corpus, which the export would replace; choose another output file/])
    expect(digest(other)).toBe(before)
    // Nor its journal, there or not: SQLite would take what the export wrote for a journal to roll back.
    expectOneLineFailure(await marginalia(['export', corpus, '-o', `${other}-journal`]), EXIT.refused, [/colleague\.marginalia-journal: is the journal file of a Marginalia corpus, which the export would replace/])
    expect(existsSync(`${other}-journal`)).toBe(false)
    const sqlite = join(folder, 'notes.db')
    const db = new Database(sqlite)
    db.exec('CREATE TABLE t (x)')
    db.close()
    expectOneLineFailure(await marginalia(['export', corpus, '--format', 'w3c', '-o', sqlite]), EXIT.refused, [/notes\.db: is a SQLite database, which the export would replace/])
    const dash = await marginalia(['export', corpus, '-o', '-'], { cwd: folder })
    expect(dash.code, dash.stderr).toBe(0)
    expect(JSON.parse(dash.stdout.split('\n')[0]).text).toContain('Vladivostok')
    expect(existsSync(join(folder, '-'))).toBe(false)
  })

  it('a document it cannot write, in every format: one line, no stack trace, and no file left', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    const input = join(folder, 'in.jsonl')
    writeFileSync(input, `${JSON.stringify({ id: 'd', text: 'Mr Putin said so.', spans: [{ start: 0, end: 8, label: 'Speaker' }] })}\n`)
    expect((await marginalia(['import', '-q', corpus, input])).code).toBe(0)
    const db = new Database(corpus)
    db.prepare('UPDATE spans SET end_offset = 999999').run()
    db.close()
    // The formats that write a head before the first document had a write in flight when the export failed.
    for (const [format, name] of [['jsonl', 'out.jsonl'], ['w3c', 'out.jsonld'], ['label-studio', 'out.json'], ['w3c-jsonl', 'out.w3c.jsonl'], ['conll', 'out.conll'], ['brat', 'brat']]) {
      const into = join(folder, format)
      mkdirSync(into)
      expectOneLineFailure(await marginalia(['export', corpus, '--format', format, '-o', join(into, name)]), EXIT.storage, [/is not within its text/])
      expect(readdirSync(into), format).toEqual([])
    }
  })

  it('writes into a FIFO instead of replacing it', async () => {
    const { folder, corpus } = await sampleCorpus()
    const fifo = join(folder, 'pipe')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    const received = join(folder, 'received.jsonl')
    const script = `timeout 20 cat "${fifo}" > "${received}" & timeout 20 node "${BIN}" export "${corpus}" -o "${fifo}"; code=$?; wait; exit $code`
    const reader = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 })
    expect(reader.status, reader.stderr).toBe(0)
    expect(lstatSync(fifo).isFIFO()).toBe(true)
    expect(readFileSync(received, 'utf8').split('\n').filter(Boolean)).toHaveLength(1)
  })

  it('writes through a symbolic link, keeping the link', async () => {
    const { folder, corpus } = await sampleCorpus()
    const real = join(folder, 'real.jsonl')
    writeFileSync(real, 'old\n')
    const link = join(folder, 'link.jsonl')
    symlinkSync(real, link)
    const result = await marginalia(['export', corpus, '-o', link])
    expect(result.code, result.stderr).toBe(0)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readlinkSync(link)).toBe(real)
    expect((JSON.parse(readFileSync(real, 'utf8')) as { id: string }).id).toBe('vladivostok-summit')
  })

  it('ends quietly, with success, when its reader stops reading (export | head)', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 3_000)])).code).toBe(0)
    const piped = spawnSync('bash', ['-c', `node "${BIN}" export "${corpus}" | head -c 100 > /dev/null; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 30_000 })
    expect(piped.stderr.trim()).toBe('exit 0')
  })
})

describe('wrong arguments, for every command', () => {
  it('are said in one line naming the command (usage, exit 2) or the file and reason (exit 1)', async () => {
    const { folder, corpus } = await sampleCorpus()
    const usage = 2
    const cases: [string[], number, RegExp][] = [
      [[], usage, /^marginalia: no command given \(see marginalia --help\)$/],
      [['bogus'], usage, /^marginalia: unknown command 'bogus' \(see marginalia --help\)$/],
      [['help', 'curation'], usage, /^marginalia: unknown command 'curation' \(see marginalia --help\)$/],
      [['import'], usage, /^marginalia import: missing required argument 'corpus' \(see marginalia import --help\)$/],
      [['import', corpus], usage, /^marginalia import: missing required argument 'paths'/],
      [['export', '--bogus', corpus], usage, /^marginalia export: unknown option '--bogus'/],
      [['export', '--offsets', 'bytes', corpus], usage, /^marginalia export: option '--offsets <unit>' argument 'bytes' is invalid/],
      [['export', '--status', 'finished', corpus], usage, /^marginalia export: --status "finished" is not one of todo, done, skipped/],
      [['stats', corpus, corpus], usage, /^marginalia stats: too many arguments/],
      [['copy', corpus], usage, /^marginalia copy: missing required argument 'dest'/],
      [['merge', corpus], usage, /^marginalia merge: missing required argument 'from'/],
      [['formats', 'extra'], usage, /^marginalia formats: too many arguments/],
      [['export', folder], 1, /: is a folder, not a corpus file$/],
      [['stats', folder], 1, /: is a folder, not a corpus file$/],
      [['labels', folder], 1, /: is a folder, not a corpus file$/],
      [['agreement', folder], 1, /: is a folder, not a corpus file$/],
      [['copy', folder, join(folder, 'x.marginalia')], 1, /: is a folder, not a corpus file$/],
      [['merge', corpus, folder], 1, /: is a folder, not a corpus file$/],
      [['check', folder], 1, /: FAILED: is a folder, not a corpus file$/],
      [['check', join(folder, 'none.marginalia')], 1, /none\.marginalia: FAILED: no such corpus file$/],
      [['import', '--labels', folder, join(folder, 'new.marginalia'), corpus], 1, /: cannot be read: is a folder$/],
      // A format is an option's value like --offsets': one not among the choices is wrong usage, as is a folder format without its folder.
      [['export', '--format', 'bogus', corpus], usage, /^marginalia export: option '--format <name>' argument 'bogus' is invalid\. Allowed choices are jsonl, brat, conll/],
      [['import', '--format', 'txt2', corpus, corpus], usage, /^marginalia import: option '--format <name>' argument 'txt2' is invalid\. Allowed choices are jsonl, txt, brat/],
      [['export', '--format', 'brat', corpus], usage, /^marginalia export: --format brat writes a folder of files: give one with -o FOLDER/],
    ]
    for (const [args, code, message] of cases) {
      const result = await marginalia(args)
      expectOneLineFailure(result, code, [])
      expect(result.stderr.trimEnd(), args.join(' ')).toMatch(message)
    }
  })

  it('help for a command, for help itself, or asked of help, is the help: exit 0, nothing on stderr', async () => {
    for (const args of [['help', 'export'], ['help', 'help'], ['help', '--help'], ['help']]) {
      const result = await marginalia(args)
      expect([result.code, result.stderr, args.join(' ')]).toEqual([0, '', args.join(' ')])
      expect(result.stdout).toMatch(/^Usage: marginalia/)
    }
  })
})

describe('a damaged corpus read beside another file', () => {
  /** A corpus of 400 articles, and a copy of it with the first bytes of the root page of `table` overwritten. */
  async function damagedCopy(table: string): Promise<{ folder: string; good: string; damaged: string }> {
    const folder = scratch()
    const good = join(folder, 'good.marginalia')
    expect((await marginalia(['import', '--quiet', good, writeArticles(join(folder, 'in.jsonl'), 400)])).code).toBe(0)
    const db = new Database(good, { readonly: true })
    const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }
    db.close()
    const bytes = readFileSync(good)
    bytes.fill(7, (rootpage - 1) * 4096, (rootpage - 1) * 4096 + 40)
    const damaged = join(folder, 'damaged.marginalia')
    writeFileSync(damaged, bytes)
    return { folder, good, damaged }
  }

  it('is named as the damaged one by merge, copy and export -o, not the file they write', async () => {
    const { folder, damaged } = await damagedCopy('spans')
    const said = `${damaged}: the file is damaged (database disk image is malformed)`
    const target = join(folder, 'team.marginalia')
    expectOneLineFailure(await marginalia(['merge', target, damaged]), EXIT.storage, [said])
    const copy = join(folder, 'copy.marginalia')
    expectOneLineFailure(await marginalia(['copy', damaged, copy]), EXIT.storage, [said])
    const out = join(folder, 'out.jsonl')
    expectOneLineFailure(await marginalia(['export', damaged, '-o', out]), EXIT.storage, [said])
    for (const written of [copy, out]) expect(existsSync(written)).toBe(false)
    // Written to, it says the same.
    const more = join(folder, 'more.jsonl')
    writeFileSync(more, `${JSON.stringify({ id: 'new', text: 'Mr Kim said so.', spans: [{ start: 0, end: 6, label: 'Speaker' }] })}\n`)
    expectOneLineFailure(await marginalia(['import', damaged, more]), EXIT.storage, [said])
    expect((await marginalia(['check', damaged])).stderr).toMatch(/could not be done: the file is damaged \(database disk image is malformed\)/)
  })

  it('with its search index damaged, says so in one line, whatever the command', async () => {
    const { folder, damaged } = await damagedCopy('documents_search_config')
    for (const command of [['stats', damaged], ['export', damaged, '-o', join(folder, 'out.jsonl')], ['merge', join(folder, 'team.marginalia'), damaged]]) {
      expectOneLineFailure(await marginalia(command), EXIT.storage, [`${damaged}: the file is damaged: its search index cannot be read (vtable constructor failed: documents_search)`])
    }
  })
})

describe('check', () => {
  it('reports damaged pages as a FAILED check, not a crash', async () => {
    const folder = scratch()
    const corpus = join(folder, 'c.marginalia')
    expect((await marginalia(['import', corpus, writeArticles(join(folder, 'in.jsonl'), 400)])).code).toBe(0)
    const bytes = readFileSync(corpus)
    const pages = bytes.length / 4096
    bytes.fill(0, (pages - Math.floor(pages / 4)) * 4096) // the last quarter of the pages zeroed, as by a failing disk
    writeFileSync(corpus, bytes)
    const result = await marginalia(['check', corpus])
    expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
    expect(result.code).toBe(EXIT.refused)
    expect(result.stderr).toMatch(/FAILED/)
    expect(result.stderr).toMatch(/malformed/)
  })

  it('reports times that are not ISO 8601 (which import would refuse)', async () => {
    const { corpus } = await sampleCorpus()
    const db = new Database(corpus)
    db.prepare(`UPDATE documents SET updated_at = 'not a date'`).run()
    db.close()
    const result = await marginalia(['check', corpus])
    expect(result.code).toBe(EXIT.refused)
    expect(result.stderr).toMatch(/1 document time is not ISO 8601.*"not a date"/)
  })

  it('and stats give the schema version of the file itself, not of the copy upgraded in memory', async () => {
    const path = join(scratch(), 'v1.marginalia')
    const db = new Database(path)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    migrate(db, 1)
    db.prepare(`INSERT INTO labels (kind, name, color, position) VALUES ('span', 'Claim', '#d9480f', 1)`).run()
    db.close()
    expect((await marginalia(['check', path])).stdout).toMatch(new RegExp(`ok \\(schema version 1, read as version ${CURRENT_SCHEMA_VERSION}`))
    expect((await marginalia(['stats', path])).stdout).toMatch(new RegExp(`^schema version 1, read as version ${CURRENT_SCHEMA_VERSION}`))
  })
})

describe('the browser edition', () => {
  it.skipIf(!isRoot)('starts for a user with no passwd entry, with and without --annotator', async () => {
    const { corpus } = await sampleCorpus()
    chmodSync(corpus, 0o666)
    chmodSync(join(corpus, '..'), 0o777)
    for (const extra of [['--annotator', 'ana'], []]) {
      const result = spawnSync(process.execPath, [SERVE, corpus, '--json', ...extra], { uid: 54321, gid: 54321, encoding: 'utf8', timeout: 3_000, env: { PATH: process.env.PATH } })
      expect(hasStackTrace(result.stderr), result.stderr).toBe(false)
      expect(result.stdout, result.stderr).toMatch(/"url":"http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    }
  })
})
