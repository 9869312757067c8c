/**
 * The page's layout and look, as the analyst sets them: three columns with handles between them (dragged, or
 * moved with the arrow keys) whose widths are remembered, narrower or folded away into drawers when the window is
 * narrow, and the theme (the system's, light or dark).
 */
import { h } from './dom'

const WIDTHS_KEY = 'marginalia:layout'
const THEME_KEY = 'marginalia:theme'
const LIMITS = { left: [160, 520], right: [220, 640] } as const
const DEFAULTS = { left: 240, right: 320 }
const SIDES = ['left', 'right'] as const
/**
 * The least width of the text's column, its padding (32 px each side, `.editor-pane` in app.css) included, so that the
 * text itself keeps 440 px: narrower side columns, or folded ones, leave it this much.
 */
const CENTRE_MIN = 440 + 2 * 32
/** The width of a handle between two columns. */
const HANDLE = 5

/** The themes one can pick; `system` follows the operating system. */
export const THEMES = ['system', 'light', 'dark'] as const
/** One of THEMES. */
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

/** The side columns' toggles and drawers, as `columns` makes them. */
export interface Columns {
  /** The three columns and the handles between them. */
  readonly element: HTMLElement
  /** The header's buttons showing a folded column as a drawer over the text (hidden while that column has room). */
  readonly toggles: { readonly left: HTMLButtonElement; readonly right: HTMLButtonElement }
  /** Shows `side` over the text if it is folded away (a column already shown stays so); `focus` moves the focus into it. */
  open(side: Side, focus?: boolean): void
  /** Puts away the drawer of `side`, if it is open. */
  close(side: Side): void
  /** True if `side` is open as a drawer over the text. */
  isDrawerOpen(side: Side): boolean
  /** True if `side` is open as a drawer over the text and covers any of `rects` (client coordinates). */
  covers(side: Side, rects: Iterable<DOMRect>): boolean
}

/** A side column: the document list (left) or the side panel (right). */
export type Side = 'left' | 'right'

/**
 * The three columns with a handle between each two: `left` and `right` can be made wider or narrower. The text
 * keeps at least CENTRE_MIN pixels: in a narrow window the side columns are drawn narrower (down to their least
 * widths, what the analyst set being kept for a wider window), and below that they fold away, the document list
 * first, each then shown on demand as a drawer over the text by its toggle in the header. A drawer goes when the
 * focus or a click goes elsewhere (but to the elements in `keepLeftOpenWith`, such as the search box whose
 * results the left column shows) or on Escape.
 */
export function columns(left: HTMLElement, centre: HTMLElement, right: HTMLElement, keepLeftOpenWith: readonly HTMLElement[] = []): Columns {
  const layout = h('main', { class: 'layout' })
  left.classList.add('layout-left')
  right.classList.add('layout-right')
  left.id ||= 'layout-left'
  right.id ||= 'layout-right'
  const widths = { ...DEFAULTS, ...stored<Partial<typeof DEFAULTS>>(WIDTHS_KEY, {}) }
  const folded = { left: false, right: false }
  const opened = { left: false, right: false }
  const shown = { left: 0, right: 0 }
  const apply = (resizing?: Side) => {
    for (const side of SIDES) {
      const [min, max] = LIMITS[side]
      widths[side] = Math.round(Math.min(max, Math.max(min, Number(widths[side]) || DEFAULTS[side])))
    }
    const room = Math.max(0, layout.clientWidth - CENTRE_MIN) // for the side columns and their handles
    folded.left = room < LIMITS.left[0] + LIMITS.right[0] + 2 * HANDLE
    folded.right = room < LIMITS.right[0] + HANDLE
    const sides = SIDES.filter((side) => !folded[side])
    const space = room - sides.length * HANDLE
    if (resizing !== undefined && !folded[resizing]) {
      // Made wider by the analyst: only as far as the text keeps its width.
      const other = sides.find((side) => side !== resizing)
      widths[resizing] = Math.max(LIMITS[resizing][0], Math.min(widths[resizing], space - (other === undefined ? 0 : LIMITS[other][0])))
    }
    for (const side of SIDES) shown[side] = widths[side]
    const wanted = sides.reduce((sum, side) => sum + widths[side], 0)
    if (wanted > space) {
      // Narrower in proportion to what each can give above its least width.
      const slack = sides.reduce((sum, side) => sum + widths[side] - LIMITS[side][0], 0)
      for (const side of sides) shown[side] = Math.floor(widths[side] - ((wanted - space) * (widths[side] - LIMITS[side][0])) / Math.max(1, slack))
    }
    for (const side of SIDES) {
      if (!folded[side]) opened[side] = false
      layout.style.setProperty(`--${side}-width`, `${shown[side]}px`)
      layout.classList.toggle(`${side}-folded`, folded[side])
      layout.classList.toggle(`${side}-open`, folded[side] && opened[side])
      handles[side].setAttribute('aria-valuenow', String(shown[side]))
      toggles[side].hidden = !folded[side]
      toggles[side].setAttribute('aria-expanded', String(folded[side] && opened[side]))
    }
  }
  const handle = (side: Side): HTMLElement => {
    const element = h('div', {
      class: `column-handle ${side}`,
      role: 'separator',
      tabindex: 0,
      'aria-orientation': 'vertical',
      'aria-label': side === 'left' ? 'Width of the document list' : 'Width of the side panel',
      'aria-controls': side === 'left' ? left.id : right.id,
      'aria-valuemin': LIMITS[side][0],
      'aria-valuemax': LIMITS[side][1],
      title: 'Drag, or use ← and →, to resize; double-click to reset',
    })
    element.addEventListener('pointerdown', (event) => {
      event.preventDefault()
      element.setPointerCapture(event.pointerId)
      const startX = event.clientX
      const startWidth = shown[side]
      const move = (moved: PointerEvent) => {
        widths[side] = startWidth + (side === 'left' ? 1 : -1) * (moved.clientX - startX)
        apply(side)
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
      widths[side] = shown[side] + (event.key === 'ArrowRight' ? 1 : -1) * (side === 'left' ? 1 : -1) * step
      apply(side)
      store(WIDTHS_KEY, widths)
    })
    element.addEventListener('dblclick', () => {
      widths[side] = DEFAULTS[side]
      apply(side)
      store(WIDTHS_KEY, widths)
    })
    return element
  }
  const columnOf = { left, right }
  const open = (side: Side, focus = true) => {
    if (!folded[side]) return
    opened[side] = true
    apply()
    if (!focus) return
    const controls = columnOf[side].querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex]:not([tabindex="-1"])')
    ;[...controls].find((control) => control.getClientRects().length > 0)?.focus() // the first one shown
  }
  const close = (side: Side, focusToggle = false) => {
    if (!opened[side]) return
    opened[side] = false
    apply()
    if (focusToggle) toggles[side].focus()
  }
  const toggle = (side: Side): HTMLButtonElement =>
    h(
      'button',
      {
        type: 'button',
        class: `column-toggle ${side}`,
        hidden: true,
        'aria-controls': columnOf[side].id,
        'aria-expanded': 'false',
        title: side === 'left' ? 'Show or hide the document list (the window is too narrow to show it beside the text)' : 'Show or hide the side panel: labels, spans, relations (the window is too narrow to show it beside the text)',
        onclick: () => (opened[side] ? close(side) : open(side)),
      },
      side === 'left' ? '☰ Documents' : 'Panel ☰',
    )
  const handles = { left: handle('left'), right: handle('right') }
  const toggles = { left: toggle('left'), right: toggle('right') }
  // A drawer goes when the focus or a click goes elsewhere, or on Escape (the focus then back on its toggle).
  const belongs = (side: Side, target: EventTarget | null) =>
    target instanceof Node && [columnOf[side], toggles[side], ...(side === 'left' ? keepLeftOpenWith : [])].some((element) => element.contains(target))
  const away = (event: Event) => {
    for (const side of SIDES) if (opened[side] && !belongs(side, event.target)) close(side)
  }
  document.addEventListener('focusin', away)
  document.addEventListener('pointerdown', away)
  for (const side of SIDES) {
    columnOf[side].addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !opened[side] || event.defaultPrevented) return
      event.preventDefault()
      event.stopPropagation()
      close(side, true)
    })
  }
  layout.append(left, handles.left, centre, handles.right, right)
  new ResizeObserver(() => apply()).observe(layout)
  apply()
  const covers = (side: Side, rects: Iterable<DOMRect>): boolean => {
    if (!opened[side]) return false
    const drawer = columnOf[side].getBoundingClientRect()
    return [...rects].some((r) => r.left < drawer.right && r.right > drawer.left && r.top < drawer.bottom && r.bottom > drawer.top)
  }
  return { element: layout, toggles, open, close: (side) => close(side), isDrawerOpen: (side) => opened[side], covers }
}
