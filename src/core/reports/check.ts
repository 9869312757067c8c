/**
 * `marginalia check`: SQLite's own integrity checks plus the corpus's rules that SQL cannot state (offsets
 * inside the text in code points, label kinds and colours, times, stored lengths and hashes matching the
 * text). A damaged file is reported, not thrown: each step that cannot be done says why, and the rest go on.
 */
import { codePointLength } from '../../shared/offsets'
import { countedIn, plural } from '../../shared/text'
import { CorpusFileError, toCorpusError } from '../errors'
import { textHash } from '../store/documents'
import type { CorpusReader } from '../store/reader'

/** What `checkCorpus` found; the corpus is sound when `problems` is empty. */
export interface CheckReport {
  /** The schema version of the file itself. */
  fileSchemaVersion: number
  /** The version it is read as (higher for an older file, upgraded in memory when read). */
  schemaVersion: number
  documents: number
  problems: string[]
}

const PAGE_SIZE = 256

/** Runs one step of the check; a step that fails adds why to `problems` instead of ending the check. */
function step(problems: string[], what: string, run: () => void): void {
  try {
    run()
  } catch (error) {
    // A file's damage is said once for the whole report, which names the file: its reason alone here.
    problems.push(`${what} could not be done: ${error instanceof CorpusFileError ? error.reason : toCorpusError(error).message}`)
  }
}

/** Looks for everything that can be wrong with an open corpus and lists it. */
export function checkCorpus(corpus: CorpusReader): CheckReport {
  const problems: string[] = []
  step(problems, 'the SQLite integrity check', () => problems.push(...corpus.sqliteProblems()))
  step(problems, 'the check of label kinds', () => {
    for (const row of corpus.wrongLabelKinds()) {
      problems.push(`document row ${row.document}: a ${row.kind} label use names "${row.label}", a ${row.actual} label`)
    }
  })
  step(problems, 'the check of the label set', () => {
    if (!corpus.labels().some((label) => label.kind === 'span')) {
      problems.push(
        'it has no span labels, so nothing can be tagged (was its making interrupted?); if it has no documents either, ' +
          'running marginalia import on it again gives it the default label set',
      )
    }
  })
  step(problems, 'the check of label colours', () => {
    for (const label of corpus.badLabelColors()) {
      problems.push(`the ${label.kind} label "${label.name}" has the colour ${JSON.stringify(label.color)}, not #rrggbb (it is drawn grey)`)
    }
  })
  step(problems, 'the check of declared attributes', () => {
    for (const label of corpus.badLabelAttributes()) problems.push(`the ${label.kind} label "${label.name}" ${label.reason} (they are ignored)`)
  })
  step(problems, 'the check of hotkeys', () => {
    for (const label of corpus.badHotkeys()) {
      problems.push(`the ${label.kind} label "${label.name}" has the hotkey ${JSON.stringify(label.hotkey)}, ${label.problem} (it is read as no hotkey)`)
    }
  })
  step(problems, 'the check of times', () => {
    for (const bad of corpus.badTimestamps()) {
      problems.push(`${bad.count} ${bad.what} time${bad.count === 1 ? ' is' : 's are'} not ISO 8601 with a time zone (for example ${JSON.stringify(bad.example)})`)
    }
  })
  step(problems, 'the check of attributes and meta', () => {
    for (const bad of corpus.notObjects()) {
      const field = bad.what === 'span' ? 'attrs' : 'meta'
      problems.push(
        `${plural(bad.count, bad.what)} ${bad.count === 1 ? 'has' : 'have'} ${field} that ${bad.count === 1 ? 'is' : 'are'} not a JSON object ` +
          `(for example ${bad.example}); export writes ${bad.count === 1 ? 'it' : 'them'} as stored, and import refuses ${bad.count === 1 ? 'it' : 'them'}`,
      )
    }
  })
  step(problems, 'the check of spans made twice', () => {
    for (const twice of corpus.spansMadeTwice()) {
      problems.push(
        `document "${twice.document}": spans ${twice.ids} are the same ${twice.label} [${twice.start}, ${twice.end}) by ${twice.annotator} ` +
          '(a span made twice; remove all but one in the editor)',
      )
    }
  })
  let documents = 0
  step(problems, 'reading every document', () => (documents = documentProblems(corpus, problems)))
  let schemaVersion = corpus.fileSchemaVersion
  step(problems, 'reading the schema version', () => (schemaVersion = corpus.schemaVersion()))
  return { fileSchemaVersion: corpus.fileSchemaVersion, schemaVersion, documents, problems }
}

/**
 * Reads every document of `corpus` and adds to `problems` what is wrong with its text (not well-formed, its stored
 * length or hash not matching it: bytes changed on disk, which SQLite's own check does not see) or with its spans'
 * ends; returns how many documents were read.
 */
export function documentProblems(corpus: CorpusReader, problems: string[]): number {
  let documents = 0
  let afterId = 0
  for (;;) {
    const page = corpus.documentsAfter(afterId, PAGE_SIZE)
    if (page.length === 0) break
    for (const document of page) {
      documents++
      const name = `document "${document.external_id}"`
      if (!document.text.isWellFormed()) problems.push(`${name}: its text is not well-formed Unicode`)
      const length = codePointLength(document.text)
      if (length !== document.length) {
        problems.push(`${name}: stored length ${document.length} but the text has ${countedIn(length, 'code points')}`)
      }
      if (textHash(document.text) !== document.text_sha256) problems.push(`${name}: text_sha256 does not match its text`)
      for (const span of corpus.spansEndingPast(document.id, length)) {
        problems.push(`${name}: span ${span.id} [${span.start_offset}, ${span.end_offset}) ends past the text (${countedIn(length, 'code points')})`)
      }
    }
    afterId = page[page.length - 1].id
  }
  return documents
}
