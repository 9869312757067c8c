/** The sample corpus: the articles shipped in `resources/sample`, for a first run and for trying things out. */
import { existsSync } from 'node:fs'
import { CorpusFileError } from './errors'
import { importPaths, type ImportSummary } from './import'
import { Corpus, type OpenCorpusOptions } from './store'

/** Makes a new corpus at `path` holding the sample articles from `sampleDir`; refuses an existing file. */
export function createSampleCorpus(
  path: string,
  sampleDir: string,
  options: OpenCorpusOptions & { annotator: string },
): ImportSummary {
  if (existsSync(path)) throw new CorpusFileError(path, 'already exists; the sample is only made as a new corpus')
  const corpus = Corpus.open(path, { ...options, create: true })
  try {
    return importPaths(corpus, [sampleDir], { annotator: options.annotator })
  } finally {
    corpus.close()
  }
}
