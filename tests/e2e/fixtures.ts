/// <reference lib="dom" />
/**
 * Playwright fixtures for the browser edition: each test gets its own corpus (the sample article plus a short
 * document full of astral characters) served by the real `serve` entry point on a free port.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { chromiumPath } from '../../playwright.config'
import { Corpus } from '../../src/core/store/corpus'

const root = join(__dirname, '..', '..')

/** The emoji document: astral characters before and inside what gets tagged. */
export const EMOJI_TEXT = '😀 Mr Putin 👩‍👩‍👧 said: 𝐀 claim about 🇷🇺 flags.\nSecond line with 金正恩.'

/** A served corpus. */
export interface Served {
  url: string
  token: string
  port: number
  corpus: string
  /** The server's process id (to pause it, as a hung server or a machine asleep would be). */
  pid: number
  /** Stops the server (as Ctrl+C does); the test's end does it anyway. */
  stop: () => Promise<void>
}

export const test = base.extend<{ served: Served }>({
  // An uncaught error in the page fails the test that caused it.
  page: async ({ page }, use) => {
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.stack ?? error.message))
    await use(page)
    expect(errors, 'uncaught errors in the page').toEqual([])
  },
  served: async ({}, use, testInfo) => {
    testInfo.skip(!existsSync(chromiumPath), `no Chromium at ${chromiumPath}; install Debian's chromium package`)
    const folder = mkdtempSync(join(tmpdir(), 'marginalia-e2e-'))
    const corpus = join(folder, 'e2e.marginalia')
    const bin = join(root, 'bin', 'marginalia.cjs')
    execFileSync(process.execPath, [bin, 'sample', corpus], { stdio: 'pipe' })
    const extra = join(folder, 'emoji.jsonl')
    writeFileSync(extra, `${JSON.stringify({ id: 'emoji', title: 'Emoji test', text: EMOJI_TEXT, labels: ['Politics'] })}\n`)
    execFileSync(process.execPath, [bin, 'import', '--add-labels', corpus, extra], { stdio: 'pipe' }) // adds the document label Politics
    const server: ChildProcess = spawn(process.execPath, [join(root, 'out', 'main', 'serve.js'), corpus, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The name a test sets in the page is remembered in the test's own folder, never the user's configuration.
      env: { ...process.env, MARGINALIA_ANNOTATOR: 'e2e', XDG_CONFIG_HOME: folder },
    })
    // What serve says is passed on, but for the line it ends with when stopped.
    createInterface({ input: server.stderr! }).on('line', (line) => {
      if (!line.startsWith('marginalia serve: stopped;')) process.stderr.write(`${line}\n`)
    })
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve)
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
    })
    const { url } = JSON.parse(firstLine) as { url: string }
    const parsed = new URL(url)
    let stopped: Promise<void> | undefined
    const stop = () => (stopped ??= stopServer(server))
    await use({ url, token: parsed.searchParams.get('token')!, port: Number(parsed.port), corpus, pid: server.pid!, stop })
    await stop()
    rmSync(folder, { recursive: true, force: true })
  },
})

export { expect }

/**
 * Stops a served corpus with SIGTERM, as Ctrl+C would, and waits for it to end; one that has not ended after
 * 10 s is killed, and said so (the server's own tests check that it stops promptly; this keeps one slow stop on
 * a loaded machine from failing an unrelated test).
 */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return // it has ended already
  const ended = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  const timer = setTimeout(() => {
    console.warn(`[e2e] serve (pid ${server.pid}) had not stopped 10 s after SIGTERM: killed`)
    server.kill('SIGKILL')
  }, 10_000)
  await ended
  clearTimeout(timer)
}

/**
 * Delays the server's answers over the API socket: `delay(name, args)` gives how long the answer to a call of
 * that operation is held, in ms, read when the call is made (0: passed on at once).
 */
export async function delayAnswers(page: Page, delay: (name: string, args: Record<string, unknown>) => number): Promise<void> {
  await page.routeWebSocket('**/api/socket', (socket) => {
    const server = socket.connectToServer()
    const held = new Map<number, number>()
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; name: string; args: Record<string, unknown> }
      held.set(call.id, delay(call.name, call.args))
      server.send(message)
    })
    server.onMessage((message) => {
      const answer = JSON.parse(String(message)) as { id: number | null }
      const ms = answer.id === null ? 0 : (held.get(answer.id) ?? 0)
      if (ms === 0) socket.send(message)
      else setTimeout(() => socket.send(message), ms)
    })
  })
}

/**
 * Answers the page's calls of operation `name` with a failure of the corpus (by default a full disk) while
 * `failing(args)` says so, as the corpus does when it cannot write; every other call goes to the server.
 */
export async function failCalls(
  page: Page,
  name: string,
  failing: (args: Record<string, unknown>) => boolean,
  error = { kind: 'full', message: 'the corpus could not be written: database or disk is full' },
): Promise<void> {
  await page.routeWebSocket('**/api/socket', (socket) => {
    const server = socket.connectToServer()
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; name: string; args: Record<string, unknown> }
      if (call.name !== name || !failing(call.args)) return server.send(message)
      socket.send(JSON.stringify({ id: call.id, outcome: { ok: false, error } }))
    })
    server.onMessage((message) => socket.send(message))
  })
}

/** Opens the editor and waits for the first document. */
export async function openEditor(page: Page, served: Served): Promise<void> {
  await page.goto(served.url)
  await expect(page.locator('.ProseMirror')).toBeVisible()
}

/**
 * Selects text in the editor with the mouse: drags from the first character of `needle` to its last, where
 * `needle` is found inside the first occurrence of `context` (default: the needle itself).
 */
export async function dragSelect(page: Page, needle: string, context = needle): Promise<void> {
  // As a person would, after the tag before it is written and drawn: a drag begun within milliseconds of a label key,
  // while its write is under way, can lose its selection to the tag's redraw (a race noted in stop 27's closing note).
  await expect(page.locator('.editor-mount[aria-busy="true"]')).toHaveCount(0)
  for (let attempt = 1; ; attempt++) {
    const box = await textBoxes(page, needle, context)
    await page.mouse.move(box.start.x + 1, box.start.y)
    await page.mouse.down()
    await page.mouse.move(box.end.x + box.end.width - 1, box.end.y, { steps: 5 })
    await page.mouse.up()
    // The page may still have been settling (the list arriving, a notice going) and moved the text under the
    // mouse: then the drag is made again where the text is now.
    const after = await textBoxes(page, needle, context)
    // (Drawing the selection may move it by a fraction of a pixel: that is not moving.)
    if (Math.abs(after.start.y - box.start.y) < 2 && Math.abs(after.start.x - box.start.x) < 2) return
    if (attempt === 3) throw new Error(`dragSelect: "${needle}" kept moving while it was dragged over`)
  }
}

/** Tags "Mr Putin" of the sample article as a Speaker and opens its note box (Alt+M): the box, with the focus. */
export async function notePutin(page: Page): Promise<Locator> {
  await dragSelect(page, 'Mr Putin', 'Mr Putin told journalists')
  await page.keyboard.press('2')
  await page.keyboard.press('Alt+m')
  const note = page.getByRole('textbox', { name: 'Note' })
  await expect(note).toBeFocused()
  return note
}

/**
 * Scrolls the text pane to `fraction` of its height, and waits for the frame that draws the text there: the
 * scroll event comes with the next frame, and a long document draws the text around the new place then. Read
 * at once, the page still shows the text window of the place scrolled from.
 */
export async function scrollPaneTo(page: Page, fraction: number): Promise<void> {
  await page.locator('.editor-pane').evaluate(
    (pane, f) =>
      new Promise<void>((resolve) => {
        pane.scrollTop = f * (pane.scrollHeight - pane.clientHeight)
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()))
      }),
    fraction,
  )
}

/** Selects the whole text (Ctrl+A in the editor) and copies it: what the clipboard would get as plain text. */
export async function copyAll(page: Page): Promise<string> {
  await page.locator('.ProseMirror').focus()
  await page.keyboard.press('Control+a')
  return page.locator('.ProseMirror').evaluate((editor) => {
    // Ctrl+A is the browser's own select-all: the editor learns of it from a later selectionchange task, which a
    // busy page may not have run yet. Ctrl+C's key press makes the editor read the selection first
    // (selection-before-keys.ts); this copy, made without a key, does the same.
    document.dispatchEvent(new Event('selectionchange'))
    const data = new DataTransfer()
    editor.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }))
    return data.getData('text/plain')
  })
}

/** Clicks on the first character of `needle` (found as in `dragSelect`), as a click that puts the caret there (`clickCount` 3: a triple click). */
export async function clickOnText(page: Page, needle: string, context = needle, clickCount = 1): Promise<void> {
  const box = await textBoxes(page, needle, context)
  await page.mouse.click(box.start.x + 1, box.start.y, { clickCount })
}

/** Where the first and the last character of `needle` inside `context` are drawn, scrolled into view first. */
async function textBoxes(page: Page, needle: string, context: string): Promise<Record<'start' | 'end', { x: number; y: number; width: number }>> {
  return page.evaluate(
    ({ needle, context }) => {
      const editor = document.querySelector('.ProseMirror')!
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
      const nodes: Text[] = []
      let text = ''
      const starts: number[] = []
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        starts.push(text.length)
        nodes.push(node as Text)
        text += (node as Text).data
      }
      const at = text.indexOf(context)
      if (at === -1) throw new Error(`"${context}" is not in the editor`)
      const from = at + context.indexOf(needle)
      let first = starts.length - 1
      while (starts[first] > from) first--
      // The needle's first character to the middle of the view (not its paragraph's middle: a paragraph, or a long
      // line's piece, may be taller than the view, and with other fonts its middle is far from the needle).
      const firstCharacter = document.createRange()
      firstCharacter.setStart(nodes[first], from - starts[first])
      firstCharacter.setEnd(nodes[first], from - starts[first] + 1)
      const pane = editor.closest('.editor-pane')
      if (pane === null) nodes[first].parentElement!.scrollIntoView({ block: 'center' })
      else {
        const view = pane.getBoundingClientRect()
        pane.scrollTop += firstCharacter.getBoundingClientRect().top - (view.top + view.height / 2)
      }
      const to = from + needle.length - 1 // last UTF-16 unit of the needle
      const rectOf = (offset: number) => {
        let i = starts.length - 1
        while (starts[i] > offset) i--
        const range = document.createRange()
        range.setStart(nodes[i], offset - starts[i])
        range.setEnd(nodes[i], offset - starts[i] + 1)
        const rect = range.getClientRects()[0]
        return { x: rect.x, y: rect.y + rect.height / 2, width: rect.width }
      }
      return { start: rectOf(from), end: rectOf(to) }
    },
    { needle, context },
  )
}

/** The corpus as the server exports it, parsed. */
export async function exportedDocuments(page: Page, served: Served): Promise<Record<string, any>[]> {
  const response = await page.request.get(`http://127.0.0.1:${served.port}/export.jsonl`, { headers: { 'x-marginalia-token': served.token } })
  expect(response.status()).toBe(200)
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, any>)
}

/** Python's `text[start:end]`: slicing by code points. */
export function slice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('')
}

/**
 * The text of every span drawn in the editor, by label. A span drawn in pieces (split around a nested span,
 * or across paragraphs) is joined back into one text, with a line feed between paragraphs.
 */
export async function drawnSpans(page: Page): Promise<Record<string, string[]>> {
  return page.locator('.ProseMirror').evaluate((editor) => {
    const spans = new Map<string, { label: string; text: string; paragraph: Element | null }>()
    for (const element of editor.querySelectorAll('[data-span-id]')) {
      const id = element.getAttribute('data-span-id')!
      if (element.parentElement?.closest(`[data-span-id="${id}"]`)) continue // counted with its outer piece
      const paragraph = element.closest('p')
      const entry = spans.get(id)
      if (entry === undefined) spans.set(id, { label: element.getAttribute('data-label')!, text: element.textContent ?? '', paragraph })
      else {
        entry.text += (entry.paragraph === paragraph ? '' : '\n') + (element.textContent ?? '')
        entry.paragraph = paragraph
      }
    }
    const byLabel: Record<string, string[]> = {}
    for (const { label, text } of spans.values()) (byLabel[label] ??= []).push(text)
    return byLabel
  })
}

/**
 * Opens the corpus at `path` as another program would, runs `use` on it (in one transaction with `transaction`), and
 * closes it, also when `use` throws; what `use` returns.
 */
export function inCorpus<T>(path: string, use: (corpus: Corpus) => T, { transaction = false } = {}): T {
  const corpus = Corpus.open(path)
  try {
    return transaction ? corpus.transaction(() => use(corpus)) : use(corpus)
  } finally {
    corpus.close()
  }
}
