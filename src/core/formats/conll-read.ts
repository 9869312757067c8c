/**
 * Reading CoNLL files: a token per line with its tag last (`EU NNP B-NP B-ORG`, split at whitespace, or at
 * tabs where the line has any, so that a token may hold spaces), a blank line between sentences,
 * `-DOCSTART-` lines between documents. Tags are IOB2 (`B-X` starts a span, `I-X` goes on with it, `O` is
 * outside); IOB1 (CoNLL-2003's own, where a span starts with `I-X` and `B-X` only parts two adjacent spans of
 * one label) reads the same way: an `I-X` that does not go on with a span of label X starts one, and is
 * counted in a remark.
 *
 * The text is rebuilt from the tokens: one space between tokens, a line end between sentences. A file with
 * one document gives it the file's name as its id; a file with several names them `NAME-1`, `NAME-2`...
 */
import { decodeUtf8, notUtf8Reason, readLines } from '../import/lines'
import type { ParsedSpan } from '../import/record'
import { readFailure } from '../errors'
import { defaultId } from './default-ids'
import { bareDocument } from './text'
import type { AnnotationOrigin, InputFile, InputRecord, ReadContext, RecordNotes } from './format'
import { IMPORTED_TOKENS, neededToKeepTokens } from './conll-tokens'

/**
 * What separates the columns of a line without tabs: ASCII spaces. A no-break space (`10 000` in French) or
 * another Unicode space is part of a token, as the tool that wrote it meant; splitting there cut the token.
 */
const COLUMN_SPACES = /[ \f\v\r]+/

/** A tag as read: outside, or beginning or inside a span of `label`. */
type Tag = { kind: 'O' } | { kind: 'B' | 'I'; label: string }

/** The tag `text`, or null if it is not IOB. */
function parseTag(text: string): Tag | null {
  if (text === 'O') return { kind: 'O' }
  const match = /^([BI])-(.+)$/u.exec(text)
  return match === null ? null : { kind: match[1] as 'B' | 'I', label: match[2] }
}

/** One document being read. */
class Section {
  readonly sentences: { token: string; tag: Tag; line: number }[][] = [[]]
  readonly problems: { line: number; reason: string }[] = []

  constructor(
    /** The line it starts on: its `-DOCSTART-`, or its first token. */
    readonly line: number,
    /** True if it follows a `-DOCSTART-` line. */
    readonly started: boolean,
  ) {}

  get empty(): boolean {
    return this.sentences.every((sentence) => sentence.length === 0) && this.problems.length === 0
  }

  /** Takes one line of the file. */
  take(text: string, number: number): void {
    if (text.trim() === '') {
      if (this.sentences[this.sentences.length - 1].length > 0) this.sentences.push([])
      return
    }
    const fields = text.includes('\t') ? text.split('\t').map((field) => field.trim()) : text.trim().split(COLUMN_SPACES)
    if (fields.length < 2 || fields[0] === '') {
      this.problems.push({ line: number, reason: `expected a token and its tag, not ${JSON.stringify(text)}` })
      return
    }
    const tag = parseTag(fields[fields.length - 1])
    if (tag === null) {
      this.problems.push({ line: number, reason: `the tag ${JSON.stringify(fields[fields.length - 1])} is not IOB (O, B-LABEL or I-LABEL)` })
      return
    }
    this.sentences[this.sentences.length - 1].push({ token: fields[0], tag, line: number })
  }

  /** The text rebuilt from the tokens, its spans (with the line of the tag each starts at, in `file`), and what was remarked on the way. */
  document(file: string): { text: string; spans: ParsedSpan[]; origins: AnnotationOrigin[]; remarks: NonNullable<RecordNotes['remarks']> } {
    const spans: ParsedSpan[] = []
    const origins: AnnotationOrigin[] = []
    const remarks: NonNullable<RecordNotes['remarks']> = []
    const iStartLines: number[] = []
    let text = ''
    let offset = 0
    let open: ParsedSpan | undefined
    let openedAt: AnnotationOrigin | undefined
    let bElsewhere = 0
    const close = (): void => {
      if (open !== undefined) {
        spans.push(open)
        origins.push(openedAt!)
      }
      open = undefined
    }
    const sentences = this.sentences.filter((sentence) => sentence.length > 0)
    sentences.forEach((sentence, s) => {
      if (s > 0) {
        text += '\n'
        offset++
      }
      sentence.forEach(({ token, tag, line }, t) => {
        if (t > 0) {
          text += ' '
          offset++
        }
        const start = offset
        text += token
        offset += [...token].length
        const goesOn = open !== undefined && tag.kind !== 'O' && tag.label === open.label
        if (tag.kind === 'B' && !goesOn) bElsewhere++
        if (tag.kind === 'O' || tag.kind === 'B' || !goesOn) {
          close()
          if (tag.kind === 'I') iStartLines.push(line)
          if (tag.kind !== 'O') {
            open = { id: undefined, start, end: offset, label: tag.label, attrs: {}, annotator: undefined, createdAt: undefined, updatedAt: undefined }
            openedAt = { file, line, name: `tag ${tag.kind}-${tag.label}` }
          }
        } else open!.end = offset
      })
      close()
    })
    if (iStartLines.length > 0 && bElsewhere === 0) remarks.push('CoNLL document tagged in IOB1 (spans start with I-; B- only between two spans of one label): read as such')
    else for (const line of iStartLines) remarks.push({ text: 'CoNLL I- tag after O or another label: started a span (read as IOB1 would)', line })
    return { text, spans, origins, remarks }
  }
}

/**
 * The documents of a CoNLL file: each `-DOCSTART-` section, and what comes before the first if it holds any
 * tokens. A section without tokens holds nothing to import and gives no document, but keeps its number.
 */
export function* readConll(input: InputFile, context: ReadContext): Generator<InputRecord> {
  function* records(section: Section, place: number | undefined): Generator<InputRecord> {
    if (section.problems.length > 0) {
      for (const problem of section.problems) yield { file: input.path, line: problem.line, error: problem.reason, record: `${input.path}:${section.line}` }
      return
    }
    const { text, spans, origins, remarks } = section.document(input.path)
    if (text === '') return
    const id = defaultId(input, place, text)
    if (context.offsets !== undefined && context.offsets !== 'codepoints') remarks.push('--offsets changes nothing for CoNLL, which has no offsets')
    const document = { ...bareDocument(id, id, text), title: undefined, spans, meta: neededToKeepTokens(text) ? { conll: { ...IMPORTED_TOKENS } } : {} }
    yield { file: input.path, line: section.line, document, notes: remarks.length > 0 ? { remarks } : undefined, origins: { spans: origins } }
  }

  // The first section is held back until it is known whether it is the only one (then it takes the file's name).
  let count = 0
  let first: Section | undefined
  function* finished(section: Section): Generator<InputRecord> {
    if (!section.started && section.empty) return
    count++
    if (count === 1) first = section
    else {
      if (count === 2) yield* records(first!, 1)
      yield* records(section, count)
    }
  }

  let section = new Section(1, false)
  try {
    for (const line of readLines(input.path, context.onBytes)) {
      const text = decodeUtf8(line.bytes)
      if (text === null) {
        section.problems.push({ line: line.number, reason: notUtf8Reason(line.bytes) })
        continue
      }
      const clean = (line.number === 1 ? text.replace(/^\ufeff/u, '') : text).replace(/\r$/u, '')
      if (clean.trimStart().startsWith('-DOCSTART-')) {
        yield* finished(section)
        section = new Section(line.number, true)
      } else section.take(clean, line.number)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error
    yield { file: input.path, line: null, ...readFailure(error) }
    return
  }
  yield* finished(section)
  if (count === 1) yield* records(first!, undefined)
}
