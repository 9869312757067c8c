/**
 * The CoNLL export: one token and its IOB2 tag per line (`Putin B-Speaker`), a blank line after each
 * sentence, `-DOCSTART- O` and a blank line before each document, as CoNLL-2003's named entity data has it
 * (with the two columns most tools read, word and tag). Tokens and sentences come from `conll-tokens.ts`.
 *
 * IOB gives each token one tag, so not every span fits: a span that does not fall on token boundaries is
 * tagged on the tokens it touches (it widens to whole tokens); of spans that share a token the longest (in
 * tokens, then the first) is kept and the others are left out; a span over whitespace only is left out; a
 * sentence end inside a kept span is not written. Each is counted in the export's notes, with examples.
 */
import type { Writable } from 'node:stream'
import type { ExportedDocument, ExportedSpan, LabelDefinition } from '../../shared/corpus-types'
import { itemsOverlapping } from '../../shared/offsets'
import { plural } from '../../shared/text'
import { drained } from '../export/jsonl'
import { tokensOf, WHITESPACE, type Token } from './conll-tokens'
import { DistinctNames } from './distinct-names'
import type { ExportReport, WriteContext } from './format'

/** The line that starts each document. */
export const DOCSTART = '-DOCSTART- O'

/** How many examples a note names. */
const EXAMPLES = 3

/** What the export could not carry into CoNLL, counted over all documents, with a few examples of each. */
class Tally {
  readonly widened: string[] = []
  readonly overlapping: string[] = []
  readonly whitespaceOnly: string[] = []
  acrossSentences = 0
  relations = 0
  documentLabels = 0
  spansWithAttributes = 0
  textsChanged = 0
  empty = 0
  readonly renamed = new Map<string, string>()
}

/** A span, named for a note: `doc-1: Speaker "Mr Putin"`. */
function describe(document: ExportedDocument, span: ExportedSpan): string {
  const text = [...span.text].length > 30 ? `${[...span.text].slice(0, 30).join('')}…` : span.text
  return `${document.id}: ${span.label} ${JSON.stringify(text)}`
}

/** A span label with its whitespace, which would split the line, as `_`. */
const withoutWhitespace = (label: string): string => label.replace(new RegExp(WHITESPACE.source, 'gu'), '_')

/**
 * The tag labels of a label set: whitespace becomes `_`, and a label that would then meet another's tag
 * (`Time span` and `Time_span`) gets `_2`, `_3`..., so that two labels are never written as one.
 */
function tagNames(labels: readonly LabelDefinition[]): DistinctNames {
  return new DistinctNames(
    labels.filter((label) => label.kind === 'span'),
    (name) => !WHITESPACE.test(name),
    withoutWhitespace,
  )
}

/** The tag label of a span label (see `tagNames`), noted where it differs. */
function tagLabel(label: string, tags: DistinctNames, tally: Tally): string {
  const tag = tags.typeFor(label)
  if (tag !== label) tally.renamed.set(label, tag)
  return tag
}

/** One document as CoNLL lines (ending with a blank line). */
function conllOf(document: ExportedDocument, tags: DistinctNames, tally: Tally): string {
  const tokens = tokensOf(document)
  tally.relations += document.relations.length
  tally.documentLabels += document.labels.length
  tally.spansWithAttributes += document.spans.filter((span) => Object.keys(span.attrs).length > 0).length
  const tagOf: string[] = tokens.map(() => 'O')
  const owner = new Int32Array(tokens.length).fill(-1)

  // Each span's tokens; then, longest first, those whose tokens are still free.
  const ranges = document.spans.map((span, i) => {
    const { first, last } = itemsOverlapping(tokens, span.start, span.end)
    return { span, i, first, last }
  })
  const kept: typeof ranges = []
  for (const range of [...ranges].sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first || a.i - b.i)) {
    if (range.first === range.last) {
      tally.whitespaceOnly.push(describe(document, range.span))
      continue
    }
    let free = true
    for (let t = range.first; t < range.last && free; t++) free = owner[t] === -1
    if (!free) {
      tally.overlapping.push(describe(document, range.span))
      continue
    }
    owner.fill(range.i, range.first, range.last)
    kept.push(range)
    if (tokens[range.first].start !== range.span.start || tokens[range.last - 1].end !== range.span.end) tally.widened.push(describe(document, range.span))
    const label = tagLabel(range.span.label, tags, tally)
    tagOf[range.first] = `B-${label}`
    for (let t = range.first + 1; t < range.last; t++) tagOf[t] = `I-${label}`
  }

  // A sentence ends before a token of another sentence, unless a kept span goes on across it.
  const endsBefore = tokens.map((token, t) => t > 0 && token.sentence !== tokens[t - 1].sentence)
  for (const range of kept) {
    let crossed = false
    for (let t = range.first + 1; t < range.last; t++) {
      crossed ||= endsBefore[t]
      endsBefore[t] = false
    }
    if (crossed) tally.acrossSentences++
  }

  let out = `${DOCSTART}\n\n`
  // Whether the text is its tokens again, a space between two of a sentence and a line break between sentences,
  // as a reader joining them back gets it: compared as the lines are written, without building that text.
  let cursor = 0
  let same = true
  tokens.forEach((token, t) => {
    const before = t === 0 ? '' : endsBefore[t] ? '\n' : ' '
    same &&= document.text.startsWith(before, cursor) && document.text.startsWith(token.text, cursor + before.length)
    cursor += before.length + token.text.length
    out += `${token.text} ${tagOf[t]}\n`
    if (t === tokens.length - 1 || endsBefore[t + 1]) out += '\n'
  })
  if (tokens.length === 0) tally.empty++
  else if (!same || cursor !== document.text.length) tally.textsChanged++
  return out
}

/** `items` counted, with the first few named: `2 spans ... (a; b)`. */
function counted(items: readonly string[], what: string): string {
  return `${plural(items.length, 'span')} ${what} (${items.slice(0, EXAMPLES).join('; ')}${items.length > EXAMPLES ? '; ...' : ''})`
}

/** The notes of a CoNLL export: what it could not carry. */
function notesOf(tally: Tally, documents: number, context: WriteContext): string[] {
  const notes: string[] = []
  if (documents > 0) notes.push('CoNLL holds tokens and span labels only: document ids, titles, statuses, metadata, annotators, times and span ids are not written')
  if (tally.textsChanged > 0) {
    notes.push(`${plural(tally.textsChanged, 'document')} not kept as written: CoNLL keeps tokens, not whitespace, and import rebuilds a text with one space between tokens and a line end between sentences`)
  }
  if (tally.widened.length > 0) notes.push(counted(tally.widened, 'not on token boundaries tagged on the whole tokens they touch'))
  if (tally.overlapping.length > 0) notes.push(counted(tally.overlapping, 'overlapping a longer one left out (IOB tags each token once)'))
  if (tally.whitespaceOnly.length > 0) notes.push(counted(tally.whitespaceOnly, 'over whitespace only left out (no token to tag)'))
  if (tally.acrossSentences > 0) notes.push(`${plural(tally.acrossSentences, 'span')} across a sentence end: the sentences it joins written as one`)
  const unheld = [plural(tally.relations, 'relation'), plural(tally.documentLabels, 'document label')].filter((_, i) => [tally.relations, tally.documentLabels][i] > 0)
  if (unheld.length > 0) notes.push(`${unheld.join(' and ')} left out (CoNLL holds ${unheld.length === 1 ? 'none' : 'neither'})`)
  if (tally.spansWithAttributes > 0) notes.push(`the attributes of ${plural(tally.spansWithAttributes, 'span')} left out (CoNLL has no place for them)`)
  for (const [label, tag] of tally.renamed) {
    const plain = withoutWhitespace(label)
    const why = plain === tag ? 'a tag holds no whitespace' : `a tag holds no whitespace, and ${plain} is another label's tag`
    notes.push(`label "${label}" written as ${tag} (${why}; import reads it as a label of that name)`)
  }
  if (tally.empty > 0) notes.push(`${plural(tally.empty, 'document')} without tokens written as an empty -DOCSTART- section (import skips them)`)
  if (context.offsets !== undefined && context.offsets !== 'codepoints') notes.push('CoNLL has no offsets: --offsets changes nothing')
  return notes
}

/** Writes `documents` to `out` as CoNLL, waiting whenever the stream asks to. */
export async function writeConll(documents: Iterable<ExportedDocument>, out: Writable, context: WriteContext): Promise<ExportReport> {
  const tally = new Tally()
  const tags = tagNames(context.labels)
  let count = 0
  for (const document of documents) {
    if (!out.write(conllOf(document, tags, tally))) await drained(out)
    count++
  }
  return { documents: count, notes: notesOf(tally, count, context) }
}
