/**
 * Holding drawing back while the mouse button is down: redrawing the text under a selection being dragged
 * would cut the drag short. The gate's plugin view owns the listeners that tell it where the button is, so
 * they are set up and torn down with the editor view.
 */
import { Plugin } from 'prosemirror-state'

/** Whether the mouse button is down in the editor, and what waits for it to come up. */
export class PointerGate {
  private down = false
  private readonly waiting: (() => void)[] = []

  /** The button went down in the editor. */
  press(): void {
    this.down = true
  }

  /** The button came up (or is known to be up): runs what was waiting. */
  release(): void {
    this.down = false
    for (const fn of this.waiting.splice(0)) fn()
  }

  /** Runs `fn` now, or once the button is released if a drag is under way. */
  whenFree(fn: () => void): void {
    if (this.down) this.waiting.push(fn)
    else fn()
  }

  /** Resolves when the button is up. */
  free(): Promise<void> {
    return new Promise((resolve) => this.whenFree(resolve))
  }

  /** True while the button is down. */
  get isDown(): boolean {
    return this.down
  }
}

/**
 * The plugin that keeps `gate` informed. The button counts as released on mouseup (seen while capturing,
 * since the element under the pointer may be gone by then), on a move with no button held, on a key press,
 * and when the window loses focus.
 */
export function pointerGatePlugin(gate: PointerGate): Plugin {
  return new Plugin({
    view(view) {
      const press = (): void => gate.press()
      const release = (): void => gate.release()
      const move = (event: MouseEvent): void => {
        if (gate.isDown && event.buttons === 0) gate.release()
      }
      view.dom.addEventListener('mousedown', press)
      window.addEventListener('mouseup', release, true)
      window.addEventListener('keydown', release, true)
      window.addEventListener('blur', release)
      window.addEventListener('mousemove', move, true)
      return {
        destroy() {
          view.dom.removeEventListener('mousedown', press)
          window.removeEventListener('mouseup', release, true)
          window.removeEventListener('keydown', release, true)
          window.removeEventListener('blur', release)
          window.removeEventListener('mousemove', move, true)
        },
      }
    },
  })
}
