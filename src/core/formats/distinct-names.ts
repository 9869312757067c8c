/**
 * Names for labels in a format that takes fewer characters in a name than Marginalia does (brat's type names,
 * CoNLL's tags), kept distinct: two labels never meet under one name, so reading the export back does not
 * merge them.
 */
import type { LabelDefinition } from '../../shared/corpus-types'

/**
 * The format's name of each label: a label whose name `fits` keeps it; any other gets `replace(name)`, with
 * `_2`, `_3`... where that would meet a name already given (names that fit are given first, so a label keeps
 * its own name wherever the format takes it). The same name given twice gets one format name.
 */
export class DistinctNames {
  private readonly nameOf = new Map<string, string>()
  private readonly taken = new Set<string>()

  constructor(
    labels: readonly Pick<LabelDefinition, 'name'>[],
    private readonly fits: (name: string) => boolean,
    private readonly replace: (name: string) => string,
  ) {
    const names = [...new Set(labels.map((label) => label.name))]
    for (const name of names.filter(fits)) this.claim(name, name)
    for (const name of names) this.typeFor(name)
  }

  private claim(name: string, written: string): string {
    this.nameOf.set(name, written)
    this.taken.add(written)
    return written
  }

  /** The format's name of the label called `name`. */
  typeFor(name: string): string {
    const known = this.nameOf.get(name)
    if (known !== undefined) return known
    const base = this.fits(name) ? name : this.replace(name)
    let written = base
    for (let n = 2; this.taken.has(written); n++) written = `${base}_${n}`
    return this.claim(name, written)
  }

  /** Labels whose format name differs from their name, as `[name, format name]`. */
  renamed(): [string, string][] {
    return [...this.nameOf].filter(([name, written]) => name !== written)
  }
}
