import { describe, expect, it } from 'vitest'
import { sameOriginAs } from '../../src/main/app-origin'
import { APP_ENTRY_URL } from '../../src/main/app-protocol'
import { senderRefusal, type IpcContext } from '../../src/main/sender-check'

const ownContents = { id: 1 }
const context = {
  handlers: () => null,
  trustedContents: () => ownContents,
  isAppUrl: sameOriginAs(APP_ENTRY_URL),
} as unknown as IpcContext

const event = (sender: object, url: string, parent: object | null = null) =>
  ({ sender, senderFrame: { url, parent } }) as unknown as Parameters<typeof senderRefusal>[0]

describe('IPC sender check', () => {
  it('accepts the app page in the top frame of the app window', () => {
    expect(senderRefusal(event(ownContents, APP_ENTRY_URL), context)).toBeNull()
    expect(senderRefusal(event(ownContents, `${APP_ENTRY_URL}?document=2`), context)).toBeNull()
  })

  it('refuses other windows, other origins and sub-frames', () => {
    expect(senderRefusal(event({ id: 2 }, APP_ENTRY_URL), context)).toMatch(/not come from the Marginalia window/)
    expect(senderRefusal(event(ownContents, 'https://example.org/'), context)).toMatch(/not come from the Marginalia page/)
    expect(senderRefusal(event(ownContents, 'marginalia://app.example.org/index.html'), context)).toMatch(/Marginalia page/)
    expect(senderRefusal(event(ownContents, 'file:///app/out/renderer/index.html'), context)).toMatch(/Marginalia page/)
    expect(senderRefusal(event(ownContents, APP_ENTRY_URL, {}), context)).toMatch(/Marginalia page/)
  })
})
