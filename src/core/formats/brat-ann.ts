/**
 * The lines of a brat `.ann` file, parsed one by one (brat's standoff format, brat.nlplab.org/standoff.html):
 * `T` text-bound annotations (several fragments `0 5;10 15` for a discontinuous one), `R` relations, `A` and
 * `M` attributes, `N` normalizations and `#` notes. Events (`E`) and equivalences (`*`) are refused, since
 * Marginalia has nothing to hold them. Offsets are kept as written; `brat-read.ts` checks them against the text.
 */

/** A `T` line: `T1\tOrganization 0 4\tSony`. */
export interface TextBoundLine {
  kind: 'T'
  line: number
  id: string
  type: string
  fragments: [number, number][]
  /** What follows the second tab (the annotated text, perhaps with a comment after it), or undefined. */
  text: string | undefined
}

/** An `R` line: `R1\tOrigin Arg1:T3 Arg2:T4`. */
export interface RelationLine {
  kind: 'R'
  line: number
  id: string
  type: string
  head: string
  child: string
}

/** An `A` or `M` line: `A1\tNegation T1` (binary) or `A2\tConfidence T1 L1` (valued). */
export interface AttributeLine {
  kind: 'A'
  line: number
  id: string
  name: string
  target: string
  value: true | string
}

/** An `N` line: `N1\tReference T1 Wikipedia:534366\tBarack Obama`. */
export interface NormalizationLine {
  kind: 'N'
  line: number
  id: string
  type: string
  target: string
  ref: string
  text: string
}

/** A `#` line: `#1\tAnnotatorNotes T1\tthis annotation is suspect`. */
export interface NoteLine {
  kind: '#'
  line: number
  id: string
  type: string
  target: string
  text: string
}

/** One annotation of a `.ann` file. */
export type AnnLine = TextBoundLine | RelationLine | AttributeLine | NormalizationLine | NoteLine

/** A line that cannot be imported, and why. */
export interface AnnProblem {
  line: number
  reason: string
}

/** `text` up to its first tab, and what follows the tab (undefined if there is none). */
function splitAtTab(text: string): [string, string | undefined] {
  const tab = text.indexOf('\t')
  return tab === -1 ? [text, undefined] : [text.slice(0, tab), text.slice(tab + 1)]
}

/** A `T` line's `TYPE START END[;START END]...`, or null if it is not that. */
function parseTextBound(data: string): { type: string; fragments: [number, number][] } | null {
  const space = data.indexOf(' ')
  if (space <= 0) return null
  const fragments: [number, number][] = []
  for (const piece of data.slice(space + 1).split(';')) {
    const match = /^\s*(\d+) +(\d+)\s*$/.exec(piece)
    if (match === null) return null
    fragments.push([Number(match[1]), Number(match[2])])
  }
  return { type: data.slice(0, space), fragments }
}

/** One `.ann` line (1-based `number`) as an annotation, or why not. */
function parseLine(text: string, number: number): AnnLine | AnnProblem {
  const problem = (reason: string): AnnProblem => ({ line: number, reason })
  const [id, rest] = splitAtTab(text)
  if (rest === undefined) return problem('not a brat annotation: expected an id, a tab and the annotation')
  if (id === '*') return problem('equivalence sets (*) cannot be imported: Marginalia has no equivalence relation; turn them into relations to import this document')
  if (!/^(?:[A-Za-z]+|#[A-Za-z]*)\d+/.test(id)) return problem(`"${id}" is not a brat annotation id (a letter or # followed by a number)`)
  const [data, tail] = splitAtTab(rest)
  const words = data.split(' ')
  switch (id[0]) {
    case 'T': {
      const parsed = parseTextBound(data)
      if (parsed === null) return problem(`${id}: expected "TYPE START END" (fragments joined by ";") before the text, not "${data}"`)
      return { kind: 'T', line: number, id, ...parsed, text: tail }
    }
    case 'R': {
      const args = words.slice(1).filter((word) => word !== '')
      const roles = args.map((arg) => /^([^:]+):(\S+)$/.exec(arg))
      if (words[0] === '' || args.length !== 2 || roles.some((role) => role === null)) {
        return problem(`${id}: expected "TYPE Arg1:ID Arg2:ID", not "${data}"`)
      }
      const [first, second] = roles as RegExpExecArray[]
      const [head, child] = second[1] === 'Arg1' ? [second, first] : [first, second]
      return { kind: 'R', line: number, id, type: words[0], head: head[2], child: child[2] }
    }
    case 'A':
    case 'M': {
      const [name, target, ...value] = words
      if (name === undefined || name === '' || target === undefined || target === '' || (id[0] === 'M' && value.length > 0)) {
        return problem(`${id}: expected "NAME ID" or "NAME ID VALUE", not "${data}"`)
      }
      return { kind: 'A', line: number, id, name, target, value: value.length === 0 ? true : value.join(' ') }
    }
    case 'N': {
      const match = /^(\S+) (\S+) (\S+?:\S+)$/.exec(data)
      if (match === null) return problem(`${id}: expected "TYPE ID DB:ENTRY", not "${data}"`)
      return { kind: 'N', line: number, id, type: match[1], target: match[2], ref: match[3], text: tail ?? '' }
    }
    case '#': {
      const match = /^(\S+) (\S+)$/.exec(data)
      if (match === null) return problem(`${id}: expected "TYPE ID" before the note, not "${data}"`)
      return { kind: '#', line: number, id, type: match[1], target: match[2], text: tail ?? '' }
    }
    case 'E':
      return problem(`${id}: brat events (E) cannot be imported: Marginalia has spans and relations, not events with roles; turn them into relations to import this document`)
    default:
      return problem(`${id}: "${id[0]}" is not a kind of brat annotation Marginalia reads (T, R, A, M, N, #)`)
  }
}

/** Every annotation of a `.ann` file's text, with the lines that cannot be imported; blank lines are skipped. */
export function parseAnn(content: string): { annotations: AnnLine[]; problems: AnnProblem[] } {
  const annotations: AnnLine[] = []
  const problems: AnnProblem[] = []
  const seen = new Map<string, number>()
  content.split('\n').forEach((raw, i) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text.trim() === '') return
    const parsed = parseLine(text, i + 1)
    if ('reason' in parsed) return void problems.push(parsed)
    const earlier = seen.get(parsed.id)
    if (earlier !== undefined) return void problems.push({ line: i + 1, reason: `${parsed.id}: repeats the id of line ${earlier}` })
    seen.set(parsed.id, i + 1)
    annotations.push(parsed)
  })
  return { annotations, problems }
}
