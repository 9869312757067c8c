/**
 * The bench's data, made by a seeded generator (the same seed always makes the same bytes), written as
 * Marginalia JSONL (docs/jsonl.md):
 *
 * - `news.jsonl`: news-length documents (1–2 kB of text in paragraphs; some with emoji, CJK or right-to-left
 *   words), 10 spans each (3 of them overlapping another span), one `attributed_to` relation in every other;
 * - `news-small.jsonl`: the first tenth (quick: two fifths) of the same documents, to show that export memory
 *   does not grow;
 * - `long.jsonl`: one long article (`long-article`) with many spans;
 * - `ordinary.jsonl`: two ordinary articles (`ordinary-1`, `ordinary-2`) for the editor.
 *
 * Offsets count code points, as everywhere outside Marginalia; every span carries its `text`, which import checks.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'

/** The figures of one scale. */
export const SCALES = {
  full: { documents: 100_000, smallShare: 0.1, longWords: 100_000, longSpans: 10_000, ordinaryWords: 4_800, ordinarySpans: 190 },
  quick: { documents: 3_000, smallShare: 0.4, longWords: 10_000, longSpans: 1_000, ordinaryWords: 4_800, ordinarySpans: 190 },
}

/** Words the search figures look for: one in ten thousand documents, one in every document, a phrase in one in twenty. */
export const SEARCHES = { rare: 'Vladivostok', common: 'said', phrase: '"prime minister"' }

const LABELS = ['Claim', 'Speaker', 'Source', 'Spam']
const WORDS = `the government said on Tuesday that its plan would cut costs for families and businesses across
  the country while officials warned of delays in the new rail project minister talks summit agreement court
  ruling election campaign voters party leader police investigation report economy inflation rates bank market
  shares prices energy climate policy health hospital doctors patients school teachers students university
  research study data council city mayor residents housing rents workers union strike wages company chief
  executive profit quarter sales growth trade border security defence army troops ceasefire talks envoy
  president press conference statement spokesman interview journalists newspaper sources according to
  officials analysts experts critics supporters protest rally crowd thousands street capital region province
  village farmers harvest drought flood storm weather forecast week month year today yesterday morning
  evening night early late first second third last new old big small high low public private national local
  international foreign domestic federal state court judge lawyer case trial verdict appeal sentence prison
  café naïve résumé Zürich São Paulo Kraków`.split(/\s+/).filter(Boolean)
const EMOJI = ['😀', '🇷🇺', '👩‍👩‍👧', '🎉', '📈', '🔥', '𝐀']
const CJK = ['金正恩', '習近平', '東京', '北京', '会談', '経済', '합의']
const RTL = ['مرحبا', 'السلام', 'القاهرة', 'שלום', 'ירושלים', 'הממשלה']

/** A seeded pseudo-random generator (mulberry32): floats in [0, 1). */
export function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

const pick = (next, list) => list[Math.floor(next() * list.length)]
const between = (next, low, high) => low + Math.floor(next() * (high - low + 1))
const codePoints = (word) => (/[\uD800-\uDFFF]/.test(word) ? [...word].length : word.length)

/**
 * A text of sentences in paragraphs, until it has `words` words or `chars` characters, with every word's
 * place in code points and in UTF-16 units. `extra` lists words to weave in (emoji, CJK, RTL) and
 * `insert` words put in once at a random place.
 */
function writeText(next, { words = Infinity, chars = Infinity, extra = null, insert = [] }) {
  let text = ''
  let cp = 0
  const places = [] // [cpStart, cpEnd, u16Start, u16End] per word
  const add = (piece) => {
    text += piece
    cp += codePoints(piece)
  }
  const addWord = (word) => {
    places.push([cp, cp + codePoints(word), text.length, text.length + word.length])
    add(word)
  }
  const pending = [...insert]
  let sentence = 0
  while (places.length < words && text.length < chars) {
    const length = between(next, 8, 20)
    for (let w = 0; w < length; w++) {
      if (pending.length > 0 && next() < 0.05) {
        for (const word of pending.shift().split(' ')) {
          addWord(word)
          add(' ')
        }
      }
      let word = extra !== null && next() < 0.06 ? pick(next, extra) : pick(next, WORDS)
      if (w === 0) word = word[0].toUpperCase() + word.slice(1)
      addWord(word)
      add(w === length - 1 ? '' : next() < 0.08 ? ', ' : ' ')
    }
    sentence++
    add(sentence % between(next, 3, 5) === 0 ? '.\n' : '. ')
  }
  for (const word of pending.join(' ').split(' ').filter(Boolean)) {
    add(' ')
    addWord(word)
  }
  return { text: text.trimEnd(), places }
}

/**
 * `count` spans over whole words of a text: 70% apart from one another, 30% each overlapping one of those.
 * The first is a Claim and the second a Speaker, so that a relation can join them.
 */
function makeSpans(next, { text, places }, count, annotator, time) {
  const apart = Math.ceil(count * 0.7)
  const segment = Math.floor(places.length / apart)
  const ranges = []
  for (let i = 0; i < apart; i++) {
    const first = i * segment + between(next, 0, Math.max(0, segment - 5))
    ranges.push([first, Math.min(first + between(next, 0, 3), places.length - 1)])
  }
  // Each overlapping span overlaps a different one of those, so no two spans are the same.
  const taken = new Set()
  for (let i = apart; i < count; i++) {
    let base = Math.floor(next() * apart)
    while (taken.has(base)) base = (base + 1) % apart
    taken.add(base)
    const [first, last] = ranges[base]
    const start = between(next, first, last)
    const end = Math.min(last + between(next, 1, 3), places.length - 1)
    ranges.push(end > last ? [start, end] : [Math.max(0, first - between(next, 1, 3)), last])
  }
  return ranges.map(([first, last], i) => ({
    id: i + 1,
    start: places[first][0],
    end: places[last][1],
    label: i === 0 ? 'Claim' : i === 1 ? 'Speaker' : pick(next, LABELS),
    text: text.slice(places[first][2], places[last][3]),
    annotator,
    created_at: time,
    updated_at: time,
  }))
}

/** The flavour of news document `i`: which other scripts its text weaves in. */
function extraWords(i) {
  const kind = i % 20
  return kind === 3 || kind === 11 ? EMOJI : kind === 7 ? CJK : kind === 15 ? RTL : null
}

/** News document `i` of `total`, as one JSONL record. */
export function newsDocument(i, total) {
  const next = random(0x5eed + i * 7919)
  const time = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  const insert = []
  if (i % Math.max(1, Math.floor(total / 10)) === 7) insert.push(SEARCHES.rare)
  if (i % 20 === 5) insert.push('prime minister')
  const written = writeText(next, { chars: between(next, 1000, 2000), extra: extraWords(i), insert: ['said', ...insert] })
  const annotator = i % 5 === 0 ? 'bob' : 'ana'
  return {
    id: `news-${i}`,
    title: `${pick(next, WORDS)} ${pick(next, WORDS)} ${pick(next, WORDS)} ${i}`,
    meta: { outlet: pick(next, ['The Courier', 'Daily Ledger', 'Evening Post']), url: `https://example.com/news/${i}` },
    status: i % 4 === 0 ? 'done' : i % 20 === 1 ? 'skipped' : 'todo',
    text: written.text,
    spans: makeSpans(next, written, 10, annotator, time),
    relations: i % 2 === 0 ? [{ id: 1, head: 1, child: 2, label: 'attributed_to', annotator, created_at: time, updated_at: time }] : [],
    labels: [],
    created_at: time,
    updated_at: time,
  }
}

/** An article of about `words` words with `spans` spans and a relation for every twentieth span; and its word count. */
export function article(id, seed, words, spans) {
  const next = random(seed)
  const time = '2026-02-01T09:00:00.000Z'
  const written = writeText(next, { words, extra: [...EMOJI, ...CJK, ...RTL] })
  const made = makeSpans(next, written, spans, 'ana', time)
  // Spans 1, 21, 41... are Claims linked to Speakers 2, 22, 42...
  for (let i = 0; i + 1 < made.length; i += 20) {
    made[i].label = 'Claim'
    made[i + 1].label = 'Speaker'
  }
  const relations = []
  for (let i = 0; i + 1 < made.length; i += 20) {
    relations.push({ id: relations.length + 1, head: i + 1, child: i + 2, label: 'attributed_to', annotator: 'ana', created_at: time, updated_at: time })
  }
  const record = { id, title: id, meta: {}, status: 'todo', text: written.text, spans: made, relations, labels: [], created_at: time, updated_at: time }
  return { record, words: written.places.length }
}

async function writeLines(path, count, record) {
  const out = createWriteStream(path)
  for (let i = 0; i < count; i++) if (!out.write(`${JSON.stringify(record(i))}\n`)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

/** Writes the input files into `folder` (the news ones only if `news`); returns their paths and what they hold. */
export async function generate(folder, scale, { news = true } = {}) {
  const small = Math.floor(scale.documents * scale.smallShare)
  const files = {
    news: join(folder, 'news.jsonl'),
    newsSmall: join(folder, 'news-small.jsonl'),
    long: join(folder, 'long.jsonl'),
    ordinary: join(folder, 'ordinary.jsonl'),
  }
  let spans = 0
  let relations = 0
  const counted = (i) => {
    const record = newsDocument(i, scale.documents)
    spans += record.spans.length
    relations += record.relations.length
    return record
  }
  if (news) {
    await writeLines(files.news, scale.documents, counted)
    await writeLines(files.newsSmall, small, (i) => newsDocument(i, scale.documents))
  }
  const long = article('long-article', 0x10ad, scale.longWords, scale.longSpans)
  await writeLines(files.long, 1, () => long.record)
  const ordinary = [1, 2].map((n) => article(`ordinary-${n}`, 0x0bd + n, scale.ordinaryWords, scale.ordinarySpans))
  await writeLines(files.ordinary, 2, (i) => ordinary[i].record)
  return {
    files,
    searches: SEARCHES,
    news: news ? { documents: scale.documents, small, spans, relations } : null,
    long: { id: long.record.id, words: long.words, spans: long.record.spans.length, relations: long.record.relations.length },
    ordinary: { ids: ordinary.map((a) => a.record.id), words: ordinary[0].words, spans: ordinary[0].record.spans.length },
  }
}
