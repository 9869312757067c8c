import { describe, expect, it } from 'vitest'
import { History } from '../../src/renderer/editor/history'

type Write = () => Promise<void>

/** A step that records when it is undone and redone. */
function step(log: string[], name: string, fail = false) {
  return {
    undo: async () => {
      if (fail) throw new Error(`${name} cannot be undone`)
      log.push(`undo ${name}`)
    },
    redo: async () => void log.push(`redo ${name}`),
  }
}

/** Runs a step's write, as the editor open on its document does. */
const run = (write: Write) => write()

describe('History', () => {
  it('undoes the last step first and redoes in the order undone, per document', async () => {
    const history = new History<Write>()
    const log: string[] = []
    history.record(1, step(log, 'a'))
    history.record(1, step(log, 'b'))
    history.record(2, step(log, 'other'))
    expect(history.canUndo(1)).toBe(true)
    expect(history.canRedo(1)).toBe(false)
    expect(await history.undo(1, run)).toBe(true)
    expect(await history.undo(1, run)).toBe(true)
    expect(await history.undo(1, run)).toBe(false)
    expect(history.canRedo(1)).toBe(true)
    expect(await history.redo(1, run)).toBe(true)
    expect(log).toEqual(['undo b', 'undo a', 'redo a'])
    expect(history.canUndo(2)).toBe(true)
  })

  it('forgets what could be redone when a new step is recorded, and everything when told to', async () => {
    const history = new History<Write>()
    const log: string[] = []
    history.record(1, step(log, 'a'))
    await history.undo(1, run)
    history.record(1, step(log, 'b'))
    expect(history.canRedo(1)).toBe(false)
    history.forget(1)
    expect(history.canUndo(1)).toBe(false)
    expect(await history.undo(1, run)).toBe(false)
  })

  it('forgets every document\'s history but one when told to', async () => {
    const history = new History<Write>()
    const log: string[] = []
    for (const id of [1, 2, 3]) history.record(id, step(log, `on ${id}`))
    history.forgetAllBut(2)
    expect([1, 2, 3].map((id) => history.canUndo(id))).toEqual([false, true, false])
    history.forgetAllBut(null)
    expect(history.canUndo(2)).toBe(false)
  })

  it('drops a step whose undo fails, so it is not tried again', async () => {
    const history = new History<Write>()
    const log: string[] = []
    history.record(1, step(log, 'a'))
    history.record(1, step(log, 'broken', true))
    await expect(history.undo(1, run)).rejects.toThrow('broken cannot be undone')
    expect(history.canRedo(1)).toBe(false)
    expect(await history.undo(1, run)).toBe(true)
    expect(log).toEqual(['undo a'])
  })
})
