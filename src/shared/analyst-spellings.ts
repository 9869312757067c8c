/** Analysts' names that differ only in case: one analyst who typed a name two ways, said where their work meets. */
import { AGREED, CURATED } from './curation'

/**
 * The groups of `names` that differ only in case ("cy" and "Cy": one analyst who typed their name two ways, most
 * often), each group in the order given; none if every name differs otherwise too. Agreement and the settled set
 * take each spelling for an analyst of their own, so such names are said where they meet.
 */
export function namesDifferingInCaseOnly(names: readonly string[]): string[][] {
  const groups = new Map<string, string[]>()
  for (const name of names) {
    // Composed first; the dotted and dotless I of Turkish (İpek, ipek; Irmak, ırmak) folded alike, whatever the
    // locale: a warning too many costs a glance, one missed a gold set.
    const folded = name.normalize('NFC').replace(/[İı]/gu, 'i').toLowerCase()
    groups.set(folded, [...(groups.get(folded) ?? []), name])
  }
  return [...groups.values()].filter((group) => group.length > 1)
}

/** A warning of analysts' names among `names` that differ only in case, or null if there are none. */
export function caseOnlyNamesWarning(names: readonly string[]): string | null {
  // The curated and agreed layers are no analysts (a corpus from before their names were kept for them may hold a "Curated").
  const groups = namesDifferingInCaseOnly(names.filter((name) => name !== CURATED && name !== AGREED))
  if (groups.length === 0) return null
  const listed = groups.map((group) => group.map((name) => JSON.stringify(name)).join(' and ')).join('; ')
  return `analysts' names that differ only in case: ${listed}. Each spelling is an analyst of its own to agreement and the settled set (a span one of them tagged and the other did not is no agreement); if they are one person, have them use one spelling`
}
