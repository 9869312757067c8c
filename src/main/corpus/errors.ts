/** Errors the corpus core raises for a person to read: each names what was wrong and where. */

/** Input that cannot be imported: names the file, the line (where there is one) and the reason. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(line === null ? `${file}: ${reason}` : `${file}:${line}: ${reason}`)
    this.name = 'InputError'
  }
}

/** A corpus file that cannot be opened as asked: not a corpus, from a newer version, damaged, untrusted. */
export class CorpusFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`)
    this.name = 'CorpusFileError'
  }
}

/** An operation on an open corpus that breaks one of its rules (unknown label, offset past the end, ...). */
export class CorpusRuleError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CorpusRuleError'
  }
}
