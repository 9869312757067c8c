/** Who edits are attributed to when nobody says: the one rule the CLI, the browser edition and the app share. */
import { userInfo } from 'node:os'
import { analystName } from '../shared/curation'

/** The name used when neither the environment nor the operating system gives one. */
export const FALLBACK_ANNOTATOR = 'analyst'

/**
 * `MARGINALIA_ANNOTATOR` if set, else the operating system's user name, else "analyst" (a user id with no
 * passwd entry makes `userInfo()` throw; that is not a reason to fail).
 */
export function defaultAnnotator(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MARGINALIA_ANNOTATOR) return analystName(env.MARGINALIA_ANNOTATOR)
  try {
    return analystName(userInfo().username || FALLBACK_ANNOTATOR)
  } catch {
    return FALLBACK_ANNOTATOR
  }
}
