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
