/**
 * The page's layout and look, as the analyst sets them: three columns with handles between them (dragged, or
 * moved with the arrow keys) whose widths are remembered, and the theme (the system's, light or dark).
 */
import { h } from './dom'

const WIDTHS_KEY = 'marginalia:layout'
const THEME_KEY = 'marginalia:theme'
const LIMITS = { left: [160, 520], right: [220, 640] } as const
const DEFAULTS = { left: 240, right: 320 }

/** The themes one can pick; `system` follows the operating system. */
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

function stored<T>(key: string, fallback: T): T {
  try {
    const value = window.localStorage.getItem(key)
    return value === null ? fallback : (JSON.parse(value) as T)
  } catch {
    return fallback
  }
}

function store(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Not remembered (storage refused); the layout still works.
  }
}

/** Applies `theme` to the page (html[data-theme], which the colours in theme.css follow). */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = theme
}

/** The theme picked last time (or the system's). */
export function rememberedTheme(): Theme {
  const theme = stored<string>(THEME_KEY, 'system')
  return (THEMES as readonly string[]).includes(theme) ? (theme as Theme) : 'system'
}

/** The header's theme switch. */
export function themeSwitch(): HTMLElement {
  const select = h(
    'select',
    {
      'aria-label': 'Theme',
      title: 'Colours: as the system has them, light or dark',
      onchange: () => {
        const theme = select.value as Theme
        applyTheme(theme)
        store(THEME_KEY, theme)
      },
    },
    ...THEMES.map((theme) => h('option', { value: theme }, theme === 'system' ? 'System theme' : theme === 'light' ? 'Light' : 'Dark')),
  )
  select.value = rememberedTheme()
  return select
}

/** The three columns with a handle between each two: `left` and `right` can be made wider or narrower. */
export function columns(left: HTMLElement, centre: HTMLElement, right: HTMLElement): HTMLElement {
  const layout = h('main', { class: 'layout' })
  const widths = { ...DEFAULTS, ...stored<Partial<typeof DEFAULTS>>(WIDTHS_KEY, {}) }
  const apply = () => {
    for (const side of ['left', 'right'] as const) {
      const [min, max] = LIMITS[side]
      widths[side] = Math.round(Math.min(max, Math.max(min, Number(widths[side]) || DEFAULTS[side])))
      layout.style.setProperty(`--${side}-width`, `${widths[side]}px`)
      handles[side].setAttribute('aria-valuenow', String(widths[side]))
    }
  }
  const handle = (side: 'left' | 'right'): HTMLElement => {
    const element = h('div', {
      class: `column-handle ${side}`,
      role: 'separator',
      tabindex: 0,
      'aria-orientation': 'vertical',
      'aria-label': side === 'left' ? 'Width of the document list' : 'Width of the side panel',
      'aria-valuemin': LIMITS[side][0],
      'aria-valuemax': LIMITS[side][1],
      title: 'Drag, or use ← and →, to resize; double-click to reset',
    })
    element.addEventListener('pointerdown', (event) => {
      event.preventDefault()
      element.setPointerCapture(event.pointerId)
      const startX = event.clientX
      const startWidth = widths[side]
      const move = (moved: PointerEvent) => {
        widths[side] = startWidth + (side === 'left' ? 1 : -1) * (moved.clientX - startX)
        apply()
      }
      const up = () => {
        element.removeEventListener('pointermove', move)
        element.removeEventListener('pointerup', up)
        store(WIDTHS_KEY, widths)
      }
      element.addEventListener('pointermove', move)
      element.addEventListener('pointerup', up)
    })
    element.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? 64 : 16
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
      event.preventDefault()
      event.stopPropagation()
      widths[side] += (event.key === 'ArrowRight' ? 1 : -1) * (side === 'left' ? 1 : -1) * step
      apply()
      store(WIDTHS_KEY, widths)
    })
    element.addEventListener('dblclick', () => {
      widths[side] = DEFAULTS[side]
      apply()
      store(WIDTHS_KEY, widths)
    })
    return element
  }
  const handles = { left: handle('left'), right: handle('right') }
  layout.append(left, handles.left, centre, handles.right, right)
  apply()
  return layout
}
