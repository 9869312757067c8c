/**
 * Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese): a number or Latin word
 * written against their characters ("在2025年", "ในปี2025") is a word of its own, for search and for a double click.
 */

/**
 * A character of such a script, by the scripts it is used in (Script_Extensions), so that the prolonged sound mark ー,
 * the iteration marks 々 and 〆 and the voicing marks, shared by several scripts, count too ("サーバー2025年版").
 */
export const UNSPACED_SCRIPT = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmr}\p{scx=Mymr}]/u

/**
 * A character of Korean (Hangul, by Script_Extensions). Words are written with spaces, but take their particles
 * written on, and so does a number or Latin word ("푸틴은", "2025년", "UN은"): for search, a word typed is found at
 * the start of such a word, and a number or Latin word ends where Hangul begins.
 */
export const PARTICLE_SCRIPT = /\p{scx=Hang}/u

/**
 * Korean particles (josa) written on a word, the common ones: what may follow a noun in the same word ("푸틴은",
 * "북한의", "회담에서"). Longest first, so that a test against the rest of a word takes the whole particle.
 */
export const KOREAN_PARTICLES: readonly string[] = [
  '에서는', '에게서', '으로는', '으로서', '으로써', '이라고', '까지는', '부터는',
  '에서', '에게', '한테', '께서', '으로', '까지', '부터', '보다', '처럼', '마다', '이나', '이랑', '라고', '하고', '에는', '와의', '과의', '로서', '로써', '만의',
  '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '도', '로', '만', '나', '랑', '께',
]

/** True if `rest` (what follows a word's start in the same word) is one Korean particle. */
export function isKoreanParticle(rest: string): boolean {
  return KOREAN_PARTICLES.includes(rest)
}
