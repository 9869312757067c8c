/** The keyboard reference: what `?` shows, and what the README lists. */
import { EDITOR_KEYS } from '../../shared/hotkeys'

/** One line of the keyboard reference. */
export interface KeyHelp {
  keys: string
  action: string
}

/** Every key the editor knows, in the order the reference shows them. */
export const KEYBOARD_REFERENCE: readonly KeyHelp[] = [
  { keys: 'mouse, Shift+arrows', action: 'select text (snapped to whole words unless snapping is off)' },
  { keys: 'Ctrl+Home / Ctrl+End', action: 'go to the start of the text, title in view / to its end; with Shift, select to there (Cmd on macOS)' },
  { keys: 'Ctrl+A', action: 'select the whole text, the view staying where it is (a label key then tags all of it; Cmd on macOS)' },
  { keys: '1 2 3 4 …, or a click on the label in the side panel', action: "label the selected text with that label, or relabel the selected span (every label's click does what its key does, so the mouse alone is enough)" },
  { keys: 'Tab / Shift+Tab, click', action: 'select the next / previous span (from the caret when none is selected), or the one clicked (clicked again, the next span on the same text: nested or other analysts’ spans); a click on untagged text lets the selected span go' },
  { keys: 'Delete, Backspace', action: 'remove the selected span (and its relations)' },
  { keys: 'Alt+← / Alt+→', action: "move the selected span's end a word left / right (past its paragraph's last word, on into the next paragraph; in reading order, so in right-to-left text → moves leftwards on the screen)" },
  { keys: 'Alt+Shift+← / Alt+Shift+→', action: "move the selected span's start a word left / right" },
  { keys: 'a (a relation label’s key)', action: "start a relation from the selected span (marked in the text with the relation's name, a line at the foot of the text saying what to do, the pointer a crosshair); then Tab and Enter (Tab and Shift+Tab step only through the spans it may join, from the span it starts from or, after a search or Ctrl+End took you elsewhere, from there; passing over another analyst's span where you have one of the same label holding it or within it, as you mean yours there; one yours only crosses is still reached), or click, to pick its other end; Escape cancels" },
  { keys: 'Alt+M', action: "write a note on the selected span (in the side panel; Ctrl+Enter or Escape goes back to the text, once the note is short enough to save)" },
  { keys: 'Alt+A', action: "choose the selected span's attributes, where its label declares some (none do by default: marginalia labels CORPUS --define FILE adds them, such as a Claim's checkworthy, as docs/corpus-format.md shows); in the side panel, Tab to the next, Escape goes back to the text" },
  { keys: 'Alt+Q', action: 'mark the selected span unsure, or no longer unsure' },
  { keys: 'Alt+R', action: "draw the arcs of every relation in view, or only the selected span's" },
  { keys: 'Alt+U', action: 'Tab and Shift+Tab step only through spans missing a relation (such as Claims without attributed_to), or through every span again; also a click on the count in the status bar' },
  { keys: 'Shift+key', action: "toggle the document label with that key" },
  { keys: 'Alt+D / Alt+S / Alt+T', action: 'mark the document done / skipped / to do' },
  { keys: 'Ctrl+Enter', action: 'mark the document done and open the next one to do' },
  { keys: 'Alt+N / Alt+P', action: 'open the next / previous document in the list (from a note box too, the note saved)' },
  { keys: '↓ ↑ / Enter (document list)', action: 'move to the next / previous document of the list / open it' },
  { keys: 'Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y', action: 'undo / redo, scrolling to the change if it is out of view (Cmd on macOS)' },
  { keys: 'Alt+W', action: 'switch word snapping off or on' },
  { keys: 'Alt+C', action: 'curation mode: step through where the analysts differ; what you tag goes to the curated layer' },
  { keys: 'Tab / ↓ ↑ / Enter (curating)', action: 'next disagreement / choose a version / accept it into the curated layer and go on to the next one not settled (so no Tab is needed after it)' },
  { keys: 'Escape', action: 'cancel a relation, drop the span selection, or close this reference' },
  { keys: 'F6 / Shift+F6', action: 'move the keys to the side panel, the document list and back to the text (in the text Tab steps through spans; in the panel and the list, through what can be used there; Escape in a note or a choice goes back to the text)' },
  { keys: EDITOR_KEYS.search, action: 'search the corpus (text and notes); Enter / Shift+Enter go to the next / previous occurrence; Escape goes back to the text with the occurrence selected, for a label key to tag it' },
  { keys: EDITOR_KEYS.help, action: 'show this keyboard reference' },
]
