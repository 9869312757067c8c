import { describe, expect, it } from 'vitest'
import { senderRefusal, type IpcContext } from '../../src/main/sender-check'

const ownContents = { id: 1 }
const context = {
  handlers: () => null,
  trustedContents: () => ownContents,
  isAppUrl: (url: string) => url === 'file:///app/out/renderer/index.html',
} as unknown as IpcContext

const event = (sender: object, url: string, parent: object | null = null) =>
  ({ sender, senderFrame: { url, parent } }) as unknown as Parameters<typeof senderRefusal>[0]

describe('IPC sender check', () => {
  it('accepts the app page in the top frame of the app window', () => {
    expect(senderRefusal(event(ownContents, 'file:///app/out/renderer/index.html'), context)).toBeNull()
  })

  it('refuses other windows, other pages and sub-frames', () => {
    expect(senderRefusal(event({ id: 2 }, 'file:///app/out/renderer/index.html'), context)).toMatch(/not come from the Marginalia window/)
    expect(senderRefusal(event(ownContents, 'https://example.org/'), context)).toMatch(/not come from the Marginalia page/)
    expect(senderRefusal(event(ownContents, 'file:///app/out/renderer/index.html', {}), context)).toMatch(/Marginalia page/)
  })
})
