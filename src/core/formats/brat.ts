/**
 * brat standoff (brat.nlplab.org/standoff.html): a folder of `NAME.txt` files, each with its annotations in
 * `NAME.ann` beside it. Import reads a pair as one document (`brat-read.ts`); export writes one pair per
 * document, with `annotation.conf` and `visual.conf` for the label set (`brat-write.ts`). docs/formats/brat.md
 * says what maps to what.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, extname } from 'node:path'
import { parseAnn } from './brat-ann'
import { bratLabelNames } from './brat-conf'
import { META_EXTENSION, parseBratMeta, type BratMeta } from './brat-meta'
import { readBratDocument } from './brat-read'
import { writeBrat } from './brat-write'
import type { Format, InputFile, InputRecord, ReadContext } from './format'
import { readUtf8File } from './utf8-file'

function* read(input: InputFile, context: ReadContext): Generator<InputRecord> {
  const txt = readUtf8File(input.path, context.onBytes)
  if ('error' in txt) return yield { file: input.path, ...txt }
  const annPath = input.companion
  let annotations: ReturnType<typeof parseAnn> = { annotations: [], problems: [] }
  if (annPath !== undefined) {
    const ann = readUtf8File(annPath, context.onBytes)
    if ('error' in ann) return yield { file: annPath, ...ann }
    annotations = parseAnn(ann.text.replace(/^\ufeff/u, ''))
  }
  const metaPath = `${input.path.slice(0, input.path.length - extname(input.path).length)}${META_EXTENSION}`
  let meta: BratMeta | undefined
  if (annPath !== undefined && existsSync(metaPath)) {
    const content = readUtf8File(metaPath, () => {})
    if ('error' in content) return yield { file: metaPath, ...content }
    const parsed = parseBratMeta(content.text)
    if ('error' in parsed) return yield { file: metaPath, line: null, error: parsed.error }
    meta = parsed.meta
  }
  const result = readBratDocument(txt.text, annotations.annotations, annotations.problems, meta, bratLabelNames(dirname(input.path)), context.offsets ?? 'codepoints', annPath ?? input.path)
  if (result.document === undefined) {
    for (const problem of result.problems) yield { file: annPath ?? input.path, line: problem.line, error: problem.reason, record: input.path }
    return
  }
  const id = meta?.id ?? input.idBase
  yield {
    file: input.path,
    line: null,
    document: { ...result.document, id, title: meta?.title ?? basename(input.idBase) },
    notes: result.remarks.length > 0 ? { remarks: result.remarks } : undefined,
    origins: result.origins,
  }
}

/** brat standoff: `.txt` files with their `.ann` annotations. */
export const bratFormat: Format = {
  name: 'brat',
  description: 'brat standoff: NAME.txt with NAME.ann beside it, one document per pair; export writes a folder (-o FOLDER) with annotation.conf',
  // No extension of its own: a .txt is brat when an .ann sits beside it (input-files.ts pairs them), and an
  // .ann alone is listed as skipped, not read.
  extensions: [],
  reader: { read },
  writer: { target: 'folder', write: (documents, out, context) => writeBrat(documents, out as string, context) },
}
