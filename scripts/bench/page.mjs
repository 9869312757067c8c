/// <reference lib="dom" />
/**
 * Functions that run inside the editor's page (Playwright serialises each one, so each stands alone). Times are
 * `performance.now()` of the page; a key's time is its keydown event's own timestamp.
 */

/**
 * Init script: notes when the document is shown (its `paragraphs` paragraphs in the editor and `span`, a span's
 * selector, drawn), then when a frame has begun and a task has run after it. `span` is the first span of the text,
 * drawn with the text at the top of the view whether the editor draws the whole document or what is near view.
 */
export function probeOpen({ span, paragraphs }) {
  const probe = { drawn: null, ready: null }
  window.__benchOpen = probe
  const shown = () => document.querySelector(span) !== null && document.querySelectorAll('.ProseMirror p').length >= paragraphs
  const observer = new MutationObserver(() => {
    if (probe.drawn !== null || !shown()) return
    probe.drawn = performance.now()
    observer.disconnect()
    requestAnimationFrame(() => setTimeout(() => (probe.ready = performance.now()), 0))
  })
  observer.observe(document, { childList: true, subtree: true })
}

/**
 * Installs the key probe (the timestamp of the last keydown, taken before the editor sees it) and
 * `__benchWaitFor(check, afterFrame)`: makes `__benchWait` a promise of the ms from the next keydown until
 * `check()` holds in the editor pane (or, with `afterFrame`, until a frame has begun and a task has run after that).
 */
export function installKeyProbe() {
  window.addEventListener('keydown', (event) => (window.__benchKeyAt = event.timeStamp), true)
  window.__benchWaitFor = (check, afterFrame = false) => {
    window.__benchKeyAt = null
    window.__benchWait = new Promise((resolve) => {
      const pane = document.querySelector('.editor-pane')
      const timeout = setTimeout(() => {
        observer.disconnect()
        resolve({ ms: null, error: 'timed out after 30 s' })
      }, 30_000)
      const done = (at, extra) => {
        clearTimeout(timeout)
        const keyAt = window.__benchKeyAt
        resolve(keyAt === null ? { ms: null, error: 'the key never reached the page' } : { ms: at - keyAt, ...extra })
      }
      const observer = new MutationObserver(() => {
        const at = performance.now() // before the check, which walks the DOM
        if (window.__benchKeyAt === null) return
        const extra = check()
        if (extra === null) return
        observer.disconnect()
        if (afterFrame) requestAnimationFrame(() => setTimeout(() => done(performance.now(), extra), 0))
        else done(at, extra)
      })
      observer.observe(pane, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'], characterData: true })
    })
  }
}

/** Waits for span `id` to be drawn; also says what text it covers. */
export function waitForSpan(id) {
  window.__benchWaitFor(() => {
    const pieces = [...document.querySelectorAll(`.ProseMirror [data-span-id="${id}"]`)]
    if (pieces.length === 0) return null
    return { text: pieces.filter((el) => !el.parentElement.closest(`[data-span-id="${id}"]`)).map((el) => el.textContent).join('') }
  })
}

/** Waits for span `id` to be gone from the DOM. */
export function waitForSpanGone(id) {
  window.__benchWaitFor(() => (document.querySelector(`.ProseMirror [data-span-id="${id}"]`) === null ? {} : null))
}

/** Waits for `.annotation.selected` to be another span than now. */
export function waitForSelectionMove() {
  const before = document.querySelector('.ProseMirror .annotation.selected')?.getAttribute('data-span-id') ?? null
  window.__benchWaitFor(() => {
    const now = document.querySelector('.ProseMirror .annotation.selected')?.getAttribute('data-span-id') ?? null
    return now !== null && now !== before ? {} : null
  })
}

/** Waits for the document titled `title` to be open with `selector` drawn, then for a frame and a task. */
export function waitForDocument({ title, selector }) {
  window.__benchWaitFor(
    () => (document.querySelector('.document-title')?.textContent === title && document.querySelector(`.ProseMirror ${selector}`) !== null ? {} : null),
    true,
  )
}

/**
 * The floor of a switch as it is measured: `key` (bound here, kept from the editor) only changes the title's text,
 * in turn to each of `titles`; makes `__benchWait` the time until the next one is shown, a frame has begun and a task
 * has run, as `waitForDocument` times a switch.
 */
export function waitForTitleAlone({ key, titles }) {
  const title = document.querySelector('.document-title')
  const next = titles[(titles.indexOf(title.textContent) + 1) % titles.length]
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== key) return
      event.preventDefault()
      event.stopImmediatePropagation()
      title.textContent = next
    },
    { capture: true, once: true },
  )
  window.__benchWaitFor(() => (title.textContent === next ? {} : null), true)
}

/**
 * The plain page's switch (`editor.mjs`): `records` (title, text, first span's id) as bare paragraphs, each made
 * into HTML once; Alt+N shows the second, Alt+P the first, replacing the text and the title.
 */
export function installPlainSwitch(records) {
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const html = records.map((record) => `<p data-span-id="${record.span}">${record.text.split('\n').map(escape).join('</p><p>')}</p>`)
  const show = (i) => {
    document.querySelector('.ProseMirror').innerHTML = html[i]
    document.querySelector('.document-title').textContent = records[i].title
  }
  show(0)
  window.addEventListener('keydown', (event) => {
    if (event.altKey && (event.key === 'n' || event.key === 'p')) show(event.key === 'n' ? 1 : 0)
  })
}

/**
 * Selects whole words of paragraph `paragraph` through the DOM selection (as a mouse would), after scrolling it
 * to the middle of the view; resolves once the editor has taken the selection, with the text selected.
 */
export async function selectWords({ paragraph, seed }) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
  const editor = document.querySelector('.ProseMirror')
  editor.querySelectorAll('p')[paragraph].scrollIntoView({ block: 'center' })
  await frame()
  await frame()
  // A long document draws its text near the view only: the paragraph may take a frame more to get its text.
  for (let i = 0; i < 60 && editor.querySelectorAll('p')[paragraph].classList.contains('far-paragraph'); i++) await frame()
  // Looked up after scrolling: spans drawn near the view as it moves can make the editor redraw the paragraph.
  const p = editor.querySelectorAll('p')[paragraph]
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('[contenteditable="false"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  })
  const nodes = []
  const starts = []
  let text = ''
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    starts.push(text.length)
    nodes.push(node)
    text += node.data
  }
  const words = [...text.matchAll(/[A-Za-z\u00C0-\u00FF]+/g)]
  const first = (seed * 7) % words.length
  const last = Math.min(words.length - 1, first + (seed % 3))
  const from = words[first].index
  const to = words[last].index + words[last][0].length
  const at = (offset, end) => {
    let i = nodes.length - 1
    while (starts[i] > offset || (end && starts[i] === offset && i > 0)) i--
    return [nodes[i], offset - starts[i]]
  }
  editor.focus({ preventScroll: true })
  await new Promise((resolve) => {
    document.addEventListener('selectionchange', resolve, { once: true })
    document.getSelection().setBaseAndExtent(...at(from, false), ...at(to, true))
  })
  await frame()
  return text.slice(from, to)
}

/** Scrolls `pane` `step` px a frame, `frames` frames at each of `segments` places; resolves with the times between frames. */
export async function scrollFrames({ pane: selector, segments, frames, step }) {
  const pane = document.querySelector(selector)
  const max = pane.scrollHeight - pane.clientHeight
  const perSegment = Math.max(2, Math.min(frames, Math.floor(max / segments / step)))
  const intervals = []
  for (let s = 0; s < segments; s++) {
    pane.scrollTop = Math.round((max * s) / segments)
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    await new Promise((resolve) => {
      let last = null
      let n = 0
      const frame = (time) => {
        if (last !== null) intervals.push(time - last)
        last = time
        if (n++ === perSegment) return resolve()
        pane.scrollTop += step
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })
  }
  return intervals
}
