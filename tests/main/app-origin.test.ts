import { describe, expect, it } from 'vitest'
import { originOf, sameOriginAs } from '../../src/main/app-origin'
import { APP_ENTRY_URL } from '../../src/main/app-protocol'

describe('the app page check (isAppUrl)', () => {
  it('accepts exactly the app scheme\'s origin: the page and its assets', () => {
    const isAppUrl = sameOriginAs(APP_ENTRY_URL)
    expect(isAppUrl('marginalia://app/index.html')).toBe(true)
    expect(isAppUrl('marginalia://app/index.html?document=3#top')).toBe(true)
    expect(isAppUrl('marginalia://app/assets/index.js')).toBe(true)
    expect(isAppUrl('marginalia://APP/index.html')).toBe(true) // hosts are case-insensitive
  })

  it('refuses URLs that merely start like it, other schemes, and URLs with no origin', () => {
    const isAppUrl = sameOriginAs(APP_ENTRY_URL)
    for (const url of [
      'marginalia://app.evil.example/index.html',
      'marginalia://application/index.html',
      'marginalia://app:8080/index.html',
      'marginalia://evil/app/index.html',
      'https://app/index.html',
      'file:///app/out/renderer/index.html',
      'about:blank',
      'data:text/html,<p>marginalia://app/</p>',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  it('compares the development server by origin too, where a prefix match let other ports and hosts through', () => {
    const isAppUrl = sameOriginAs('http://localhost:5173/')
    expect(isAppUrl('http://localhost:5173/src/main.ts')).toBe(true)
    expect(isAppUrl('http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:51730/')).toBe(false)
    expect(isAppUrl('http://localhost:5173.evil.example/')).toBe(false)
    expect(isAppUrl('https://localhost:5173/')).toBe(false)
    expect(isAppUrl('http://localhost/')).toBe(false)
  })

  it('spells origins out for custom schemes, which Node would call opaque', () => {
    expect(new URL('marginalia://app/x').origin).toBe('null')
    expect(originOf('marginalia://app/x')).toBe('marginalia://app')
    expect(originOf('http://localhost:80/x')).toBe('http://localhost')
    expect(originOf('file:///etc/passwd')).toBeNull()
    expect(() => sameOriginAs('file:///app/index.html')).toThrow(/no origin/)
  })
})
