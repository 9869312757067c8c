/**
 * Who is annotating: the analyst's name in the header (the name every edit from this editor is recorded
 * under), which a click lets them change.
 */
import type { MarginaliaApi } from '../../shared/api'
import { analystNameProblem } from '../../shared/curation'
import { h } from './dom'

/** The header's analyst button and the dialog that renames them. */
export class AnalystControl {
  readonly element: HTMLElement
  private readonly button: HTMLButtonElement
  private readonly dialog: HTMLDialogElement
  private readonly input: HTMLInputElement
  private readonly problem: HTMLElement

  constructor(
    private readonly api: MarginaliaApi,
    private current: string,
    /** Told once the corpus has taken the new name. */
    private readonly changed: (name: string) => void,
  ) {
    this.button = h('button', { type: 'button', class: 'analyst', title: 'Your edits are recorded under this name; click to change it', onclick: () => this.open() })
    this.input = h('input', { type: 'text', 'aria-label': 'Your name as analyst', maxlength: 200 })
    this.problem = h('p', { class: 'problem', role: 'alert' })
    this.dialog = h(
      'dialog',
      { class: 'analyst-dialog', 'aria-label': 'Analyst' },
      h(
        'form',
        { method: 'dialog', onsubmit: (event: Event) => void this.save(event) },
        h('label', {}, 'Your name as analyst ', this.input),
        h('p', { class: 'hint' }, 'Every span, relation and document label you make from now on is recorded under this name.'),
        this.problem,
        h('p', {}, h('button', { type: 'submit' }, 'Save'), ' ', h('button', { type: 'button', onclick: () => this.dialog.close() }, 'Cancel')),
      ),
    )
    this.element = h('span', { class: 'analyst-control' }, this.button, this.dialog)
    this.show()
  }

  /** The analyst's name. */
  get name(): string {
    return this.current
  }

  /** Shows `name`, which the corpus took from elsewhere (another tab of the browser edition), as the analyst's. */
  takeFromElsewhere(name: string): void {
    this.current = name
    this.show()
  }

  private show(): void {
    this.button.textContent = `Analyst: ${this.current}`
    this.button.title = `Your edits are recorded under the name ${JSON.stringify(this.current)}; click to change it` // the whole name, which a long one's button cuts short
  }

  private open(): void {
    this.input.value = this.current
    this.problem.textContent = ''
    this.dialog.showModal()
    this.input.select()
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const name = this.input.value.trim()
    if (name === this.current) {
      this.dialog.close()
      return
    }
    const problem = analystNameProblem(name) // said as it is, not as the API's validation puts it
    if (problem !== null) {
      this.problem.textContent = problem
      return
    }
    try {
      this.current = await this.api.setAnalyst({ name })
      this.show()
      this.dialog.close()
      this.changed(this.current)
    } catch (error) {
      this.problem.textContent = (error as Error).message
    }
  }
}
