/**
 * WCAG AA for text (4.5:1) in both themes: the theme's text colours on its backgrounds, and the text on every
 * tint a span can be drawn with, for every colour of the default palette.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LABELS, paletteColor } from '../../src/core/label-sets'

const styles = join(__dirname, '..', '..', 'src', 'renderer', 'styles')

/** The theme's colours: name → [light, dark]. */
function themeColours(): Map<string, [string, string]> {
  const css = readFileSync(join(styles, 'theme.css'), 'utf8')
  const colours = new Map<string, [string, string]>()
  for (const match of css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) colours.set(match[1], [match[2], match[3]])
  return colours
}

/** The tints spans are drawn with, in percent of the label colour, as text.css has them. */
function spanTints(): number[] {
  const css = readFileSync(join(styles, 'text.css'), 'utf8')
  return [...new Set([...css.matchAll(/color-mix\(in srgb, var\(--label-color\) (\d+)%/g)].map((m) => Number(m[1])))]
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const luminance = (hex: string) => {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}
/** `color` at `percent` over `background`, as color-mix(in srgb, color p%, transparent) is drawn. */
const mix = (color: string, percent: number, background: string) =>
  '#' + rgb(color).map((c, i) => Math.round((c * percent) / 100 + rgb(background)[i] * (1 - percent / 100)).toString(16).padStart(2, '0')).join('')

describe('colour contrast (WCAG AA, 4.5:1 for text)', () => {
  const theme = themeColours()
  const palette = [...new Set([...DEFAULT_LABELS.map((l) => l.color), ...Array.from({ length: 9 }, (_, i) => paletteColor(i))])]

  it('reads the theme and the tints', () => {
    expect(theme.size).toBeGreaterThan(8)
    expect(spanTints().length).toBeGreaterThanOrEqual(3)
  })

  for (const [mode, which] of [['light', 0], ['dark', 1]] as const) {
    const c = (name: string) => theme.get(name)![which]
    it(`keeps the ${mode} theme's text readable on its backgrounds`, () => {
      const pairs: [string, string][] = [
        ['fg', 'bg'], ['fg', 'panel'], ['muted', 'bg'], ['muted', 'panel'], ['fg', 'selected'], ['fg', 'match'],
        ['bg', 'accent'], ['accent', 'bg'], ['on-danger', 'danger'], ['danger', 'bg'], ['on-status', 'done'], ['on-status', 'skipped'],
      ]
      for (const [text, background] of pairs) {
        expect(contrast(c(text), c(background)), `${mode}: --${text} on --${background}`).toBeGreaterThanOrEqual(4.5)
      }
    })

    it(`keeps text readable on every span tint in the ${mode} theme`, () => {
      for (const colour of palette) {
        for (const tint of spanTints()) {
          for (const ground of ['bg', 'panel']) {
            const background = mix(colour, tint, c(ground))
            expect(contrast(c('fg'), background), `${mode}: text on ${colour} at ${tint}% over --${ground}`).toBeGreaterThanOrEqual(4.5)
          }
        }
      }
    })
  }
})
