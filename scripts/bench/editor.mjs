/**
 * The editor figures, in Chromium through the browser edition (`out/main/serve.js`), on the long article and
 * on an ordinary one: opening it, tagging (key press to span drawn), Tab, undo, scrolling and the DOM's size.
 * Times are taken inside the page: from the key event's own timestamp to the moment a MutationObserver sees
 * the change in the DOM, so Playwright's round trips are not counted. The in-page helpers are in `page.mjs`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import * as inPage from './page.mjs'
import { count, dist, ms, row, share } from './table.mjs'
import { log, openApiSocket, paths, startServer, summary, timed, timedNode } from './util.mjs'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const LAUNCH = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const VIEWPORT = { width: 1400, height: 900 }

/** A frame counts as late when it took longer than one 60 Hz frame; rAF timestamps jitter by a few tenths of a ms. */
export const FRAME_MS = 16.7
const JITTER_MS = 1

const REPEATS = {
  full: { opens: 3, tags: 100, switches: 20, scroll: { segments: 10, frames: 60, step: 100 } },
  quick: { opens: 1, tags: 15, switches: 6, scroll: { segments: 2, frames: 40, step: 100 } },
}

/**
 * The first span of a JSONL record's text: drawn with the text at the top of the view, whether the editor draws the
 * whole document at once (all its spans come in one change) or only what is near the view.
 */
function firstSpanOf(record) {
  return record.spans.reduce((first, span) => (span.start < first.start ? span : first)).id
}

/** What shows that `record` is open: all its paragraphs (those far from the view as placeholders), and its first span drawn. */
function shownWhen(record) {
  return { span: `.ProseMirror [data-span-id="${firstSpanOf(record)}"]`, paragraphs: record.text.split('\n').length }
}

/** Opens `docId` in a new browser context; resolves with the page and the time until its spans were shown and it answered input. */
async function openFresh(browser, server, record) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.addInitScript(inPage.probeOpen, shownWhen(record))
  await page.goto(`${server.url}#doc=${encodeURIComponent(record.id)}`)
  await page.waitForFunction(() => window.__benchOpen.ready !== null, null, { polling: 200, timeout: 120_000 })
  const { ready } = await page.evaluate(() => window.__benchOpen)
  await page.evaluate(inPage.installKeyProbe)
  return { page, context, openMs: ready, errors }
}

/** Presses `key` and resolves with the ms from its keydown to what `waiter` (installed first) saw. */
async function pressAndWait(page, key, install, arg) {
  await page.evaluate(install, arg)
  await page.keyboard.press(key)
  const result = await page.evaluate(() => window.__benchWait)
  if (result.ms === null) throw new Error(`editor: ${key} pressed, but ${result.error}`)
  return result
}

/** Tags `tags` word ranges all over the open document, each followed by Tab and undo; the three timings of each. */
async function tagTabUndo(page, tags, firstNewId) {
  const result = { tag: [], tab: [], undo: [], wrongText: 0 }
  const paragraphs = await page.evaluate(() => document.querySelectorAll('.ProseMirror p').length)
  for (let i = 0; i < tags; i++) {
    const paragraph = Math.floor(((i + 0.5) * paragraphs) / tags)
    const expected = await page.evaluate(inPage.selectWords, { paragraph, seed: i })
    const id = firstNewId + i
    const tagged = await pressAndWait(page, String(1 + (i % 4)), inPage.waitForSpan, id)
    result.tag.push(tagged.ms)
    if (tagged.text !== expected) result.wrongText++
    result.tab.push((await pressAndWait(page, 'Tab', inPage.waitForSelectionMove, null)).ms)
    result.undo.push((await pressAndWait(page, 'Control+z', inPage.waitForSpanGone, id)).ms)
  }
  return result
}

/** The write alone: `times` spans added and removed through the API socket on document `id`, as the editor's tag and undo do. */
async function apiWrites(server, id, times) {
  const api = await openApiSocket(server)
  try {
    const documentId = await api.call('findDocument', { id })
    const add = []
    const remove = []
    for (let i = 0; i < times; i++) {
      const added = await timed(() => api.call('addSpan', { documentId, start: i, end: i + 3, label: 'Claim' }))
      add.push(added.ms)
      remove.push((await timed(() => api.call('removeSpan', { documentId, spanId: added.value.id }))).ms)
    }
    return { add: summary(add), remove: summary(remove) }
  } finally {
    api.close()
  }
}

/** The share of late frames while scrolling, and the frame times. */
async function scrolled(page, scroll, pane = '.editor-pane') {
  const intervals = await page.evaluate(inPage.scrollFrames, { ...scroll, pane })
  return { late: intervals.filter((t) => t > FRAME_MS + JITTER_MS).length / intervals.length, frames: intervals.length, p95: summary(intervals).p95 }
}

/** The same text in plain paragraphs, without the editor: how late frames are in this browser on this machine anyway. */
async function plainPage(browser, text, scroll) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const body = text.split('\n').map((line) => `<p>${escape(line)}</p>`).join('')
  await page.setContent(`<!doctype html><meta charset="utf-8"><div class="editor-pane" style="height:100vh;overflow:auto;padding:12px 32px;font:16px/1.6 sans-serif">${body}</div>`)
  const result = await scrolled(page, scroll)
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length)
  await context.close()
  return { ...result, elements }
}

/** What the editor draws of an article's text on opening it: its first 8,000 positions (FIRST_WINDOW in src/renderer/editor/long-document.ts). */
const FIRST_DRAWN = 8_000

/** The paragraphs of `text` that begin within its first `FIRST_DRAWN` characters. */
function firstDrawn(text) {
  const paragraphs = []
  for (let at = 0; at < Math.min(text.length, FIRST_DRAWN); ) {
    const end = text.indexOf('\n', at)
    paragraphs.push(text.slice(at, end === -1 ? text.length : end))
    at = end === -1 ? text.length : end + 1
  }
  return paragraphs.join('\n')
}

/**
 * The floor of a switch on this machine: as much of the two texts as the editor draws first, as bare paragraphs in
 * the editor's font and line height, the one shown replaced by the other on Alt+N / Alt+P (its HTML made
 * beforehand), timed as the editor's switch is.
 */
async function plainSwitches(browser, records, times) {
  const context = await browser.newContext({ viewport: VIEWPORT })
  const page = await context.newPage()
  try {
    await page.setContent(`<!doctype html><meta charset="utf-8"><h1 class="document-title"></h1><div class="editor-pane" style="height:90vh;overflow:auto;padding:12px 32px;font:16px system-ui,sans-serif"><div class="ProseMirror" style="font-family:Georgia,'Noto Serif',serif;font-size:1.08em;line-height:2.3;max-width:46em;white-space:pre-wrap"></div></div>`)
    await page.evaluate(inPage.installPlainSwitch, records.map((record) => ({ title: record.title, text: firstDrawn(record.text), span: firstSpanOf(record) })))
    await page.evaluate(inPage.installKeyProbe)
    const result = []
    for (let i = 0; i < times; i++) {
      const [key, to] = i % 2 === 0 ? ['Alt+n', records[1]] : ['Alt+p', records[0]]
      result.push((await pressAndWait(page, key, inPage.waitForDocument, { title: to.title, selector: `[data-span-id="${firstSpanOf(to)}"]` })).ms)
    }
    return result
  } finally {
    await context.close()
  }
}

/** Runs every editor figure; returns the rows and the browser's version. */
export async function runEditor(folder, data, quick) {
  const repeats = quick ? REPEATS.quick : REPEATS.full
  const long = JSON.parse(readFileSync(data.files.long, 'utf8'))
  const ordinary = readFileSync(data.files.ordinary, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
  const corpus = join(folder, 'editor.marginalia')
  log('editor: a corpus of the long article and two ordinary ones')
  await timedNode([paths.cli, 'import', '--quiet', corpus, data.files.long, data.files.ordinary])
  const server = await startServer(corpus)
  const browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH })
  const rows = []
  const errors = []
  try {
    const section = `editor, long article (${count(data.long.words)} words, ${count(data.long.spans)} spans)`
    const opens = []
    let open
    for (let i = 0; i < repeats.opens; i++) {
      log(`editor: opening the long article (${i + 1} of ${repeats.opens})`)
      if (open !== undefined) await open.context.close()
      open = await openFresh(browser, server, long)
      opens.push(open.openMs)
    }
    const elements = await open.page.evaluate(() => document.getElementsByTagName('*').length)
    log(`editor: ${repeats.tags} tags on the long article, each followed by Tab and undo`)
    const longTimes = await tagTabUndo(open.page, repeats.tags, long.spans.length + 1)
    const longWrites = await apiWrites(server, long.id, repeats.tags)
    log('editor: scrolling the long article')
    const longScroll = await scrolled(open.page, repeats.scroll)
    errors.push(...open.errors)
    await open.context.close()
    const plain = await plainPage(browser, long.text, repeats.scroll)

    rows.push(
      openRow(
        section,
        'open',
        opens,
        `From navigation start (a new tab at the address with #doc=${long.id}) until all its paragraphs are in the editor (those far from the view as empty placeholders of their height) and its spans near the view are drawn (it draws only those), a frame has begun and a task has run after it (so it answers input); a new browser context each time, as on a first visit: nothing cached, no compiled script`,
      ),
      ...interactionRows(section, longTimes, longWrites, { tag: 50, tab: 30, undo: null }, repeats.tags, true),
      scrollRow(section, longScroll, plain, repeats.scroll, true),
      row({
        section,
        figure: 'DOM elements',
        value: elements,
        unit: 'elements',
        shown: count(elements),
        rawShown: `${count(plain.elements)} (plain page)`,
        target: '< 20,000',
        pass: elements < 20_000,
        note: 'Every element of the page (document.getElementsByTagName("*")) with the long article open; plain page: the same text as bare <p> elements.',
      }),
    )

    const ordinarySection = `editor, ordinary article (${count(data.ordinary.words)} words, ${count(data.ordinary.spans)} spans)`
    log('editor: an ordinary article: switching, tags, Tab, undo, scrolling')
    const [first, second] = ordinary
    open = await openFresh(browser, server, first)
    const switches = []
    for (let i = 0; i < repeats.switches; i++) {
      const [key, to] = i % 2 === 0 ? ['Alt+n', second] : ['Alt+p', first]
      switches.push((await pressAndWait(open.page, key, inPage.waitForDocument, { title: to.title, selector: `[data-span-id="${firstSpanOf(to)}"]` })).ms)
    }
    // What the same measure gives for the least change a switch makes, the title's text alone: the wait for the next
    // frame is in every switch measured so.
    const titleAlone = []
    for (let i = 0; i < repeats.switches; i++) {
      titleAlone.push((await pressAndWait(open.page, 'F8', inPage.waitForTitleAlone, { key: 'F8', titles: [first.title, `${first.title} (floor)`] })).ms)
    }
    // The long article opened from the page already loaded (Alt+P from the first ordinary article, the one after
    // it in the list), as in the app or a browser tab in use: the document's transfer and drawing, no page start.
    log('editor: the long article opened from an ordinary one (Alt+P), and back')
    const fromList = []
    for (let i = 0; i < repeats.opens; i++) {
      fromList.push((await pressAndWait(open.page, 'Alt+p', inPage.waitForDocument, { title: long.title, selector: '[data-span-id]' })).ms)
      await pressAndWait(open.page, 'Alt+n', inPage.waitForDocument, { title: first.title, selector: `[data-span-id="${firstSpanOf(first)}"]` })
    }
    rows.push(
      openRow(
        section,
        'open from the document list (Alt+P)',
        fromList,
        "With the page loaded and an ordinary article open, Alt+P (the long article is before it in the list): from the key event until the long article's title and spans near the view are in the DOM, a frame has begun and a task has run",
      ),
    )
    const ordinaryElements = await open.page.evaluate(() => document.getElementsByTagName('*').length)
    const ordinaryTimes = await tagTabUndo(open.page, repeats.tags, first.spans.length + 1)
    const ordinaryWrites = await apiWrites(server, first.id, repeats.tags)
    const ordinaryScroll = await scrolled(open.page, { ...repeats.scroll, segments: 1 })
    errors.push(...open.errors)
    await open.context.close()
    const ordinaryPlain = await plainPage(browser, first.text, { ...repeats.scroll, segments: 1 })
    const plainSwitching = summary(await plainSwitches(browser, ordinary, repeats.switches))
    const switching = summary(switches)
    const floor = summary(titleAlone)
    rows.push(
      row({
        section: ordinarySection,
        figure: 'open (switch with Alt+N / Alt+P)',
        value: switching.p95,
        unit: 'ms',
        shown: dist(switching, 'p95'),
        rawShown: `${dist(plainSwitching, 'p95')} (plain page); ${dist(floor, 'p95')} (title alone)`,
        target: 'p95 <= 16 ms',
        pass: switching.p95 <= 16,
        note: `Between the two ordinary articles with Alt+N and Alt+P, ${repeats.switches} times: from the key event until the other article's title and first span are in the DOM (its text near the view, where the spans come in the same change), a frame has begun and a task has run. Beside it, measured alike ${repeats.switches} times each: the plain page, the paragraphs of the two texts the editor draws first (their first ${count(FIRST_DRAWN)} characters) as bare paragraphs in the editor's font, one replaced by the other (what this browser on this machine allows a switch that shows as much); and a key that only changes the title's text (bound by the bench, kept from the editor): the floor of the measure, most of it the wait for the next frame.`,
      }),
      ...interactionRows(ordinarySection, ordinaryTimes, ordinaryWrites, { tag: 16, tab: 16, undo: 16 }, repeats.tags, false),
      scrollRow(ordinarySection, ordinaryScroll, ordinaryPlain, { ...repeats.scroll, segments: 1 }, false),
      row({ section: ordinarySection, figure: 'DOM elements', value: ordinaryElements, unit: 'elements', shown: count(ordinaryElements), rawShown: `${count(ordinaryPlain.elements)} (plain page)` }),
    )
    if (errors.length > 0) log(`warning: the page reported errors: ${errors.slice(0, 3).join(' / ')}`)
    return { rows, chromium: browser.version() }
  } finally {
    await browser.close()
    await server.stop()
  }
}

/** A row for opening the long article, `times` over, against the target of 1 s at p50. */
function openRow(section, figure, times, how) {
  const shown = summary(times)
  return row({
    section,
    figure,
    value: shown.p50,
    unit: 'ms',
    shown: times.length === 1 ? ms(times[0]) : `p50 ${ms(shown.p50)}, max ${ms(shown.max)}`,
    target: '<= 1 s',
    pass: shown.p50 <= 1000,
    note: `${how}; ${times.length} time(s).`,
  })
}

/**
 * Rows for tag, Tab and undo, each against `targets` (ms at p95, null: none), the tag and undo beside the
 * write they wait for (`writes`, through the API alone); `explain` adds the note on how they are measured.
 */
function interactionRows(section, times, writes, targets, tags, explain) {
  const high = 'p95'
  const what = {
    tag: 'key press to span drawn',
    tab: 'Tab to the next span',
    undo: 'undo the tag',
  }
  return Object.entries(what).map(([key, figure]) => {
    const s = summary(times[key])
    const target = targets[key]
    return row({
      section,
      figure,
      value: s[high],
      unit: 'ms',
      shown: dist(s, high),
      rawShown: key === 'tag' ? `write alone ${dist(writes.add, high)}` : key === 'undo' ? `write alone ${dist(writes.remove, high)}` : '',
      target: target === null ? '' : `${high} <= ${target} ms`,
      pass: target === null ? null : s[high] <= target,
      note:
        key === 'tag' && (explain || times.wrongText > 0)
          ? `${tags} word ranges spread over the article, selected through the DOM selection, then a label key (1-4): from the keydown event's timestamp until the new [data-span-id] element is in the DOM (the write to the corpus included).` +
            (times.wrongText > 0 ? ` ${times.wrongText} drawn spans did not cover the words selected.` : '') +
            ' Tab: until .annotation.selected is another span; undo (Ctrl+Z): until the span is gone from the DOM.' +
            ' Write alone: addSpan and removeSpan through the API socket (as the page calls them) from Node on the same document, which the editor waits for before it draws.'
          : '',
    })
  })
}

function scrollRow(section, measured, plain, scroll, explain) {
  return row({
    section,
    figure: 'scroll: frames over 16.7 ms',
    value: measured.late,
    unit: 'share',
    shown: `${share(measured.late)} of ${measured.frames}`,
    rawShown: `${share(plain.late)} (plain page)`,
    target: '< 5%',
    pass: measured.late < 0.05,
    note: !explain ? '' : `scrollTop moved ${scroll.step} px per requestAnimationFrame, ${scroll.frames} frames at each of ${scroll.segments} places spread over the text; a frame is late when the time between rAF timestamps exceeds ${FRAME_MS} ms by more than ${JITTER_MS} ms of timestamp jitter. Plain page: the same text in bare paragraphs, scrolled the same way, in the same browser: the floor this machine allows.`,
  })
}
