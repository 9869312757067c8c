/** The sample corpus: the articles shipped in `resources/sample`, for a first run and for trying things out. */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CorpusFileError } from './errors'
import { importInOneTransaction, type ImportSummary } from './import/import'
import { Corpus, type OpenCorpusOptions } from './store/corpus'

/**
 * The folder of the sample articles: `sample` in a packaged app's resources, otherwise `resources/sample` of
 * the checkout this code runs from (found by walking up, so it works from the sources and from the bundles).
 */
export function sampleFolder(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged !== undefined && existsSync(join(packaged, 'sample'))) return join(packaged, 'sample')
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const candidate = join(folder, 'resources', 'sample')
    if (existsSync(candidate)) return candidate
    if (dirname(folder) === folder) throw new Error(`no resources/sample folder above ${__dirname}`)
  }
}

/**
 * Makes a new corpus at `path` holding the sample articles (from `sampleDir`, by default the shipped ones);
 * refuses an existing file, also one another process makes at the same moment.
 */
export function createSampleCorpus(
  path: string,
  options: OpenCorpusOptions & { annotator: string; sampleDir?: string },
): ImportSummary {
  if (existsSync(path)) throw new CorpusFileError(path, 'already exists; the sample is only made as a new corpus')
  const corpus = Corpus.open(path, { ...options, create: true })
  if (!corpus.created) {
    corpus.close()
    throw new CorpusFileError(path, 'already exists; the sample is only made as a new corpus')
  }
  try {
    return importInOneTransaction(corpus, [options.sampleDir ?? sampleFolder()], { annotator: options.annotator })
  } finally {
    corpus.close()
  }
}
