import { describe, expect, it } from 'vitest'
import { corpusArgument, launchRequest, secondLaunchCorpus } from '../../src/main/corpus-argument'

describe('the corpus a launch asks for', () => {
  it('finds it after the executable, as a double-click, a shell or npm start passes it, made absolute', () => {
    expect(corpusArgument(['/opt/Marginalia/marginalia', '/home/ana/news.marginalia'], '/')).toBe('/home/ana/news.marginalia')
    expect(corpusArgument(['/usr/bin/electron', '/work/marginalia', 'news.marginalia'], '/home/ana')).toBe('/home/ana/news.marginalia')
    expect(corpusArgument(['marginalia', '--no-sandbox', 'NEWS.MARGINALIA'], '/data')).toBe('/data/NEWS.MARGINALIA')
    expect(corpusArgument(['marginalia', 'file:///home/ana/my%20corpus.marginalia'], '/')).toBe('/home/ana/my corpus.marginalia')
  })

  it('takes a corpus of any name from --corpus=PATH, as npm start passes one not named .marginalia', () => {
    expect(corpusArgument(['/usr/bin/electron', '/work/marginalia', '--corpus=/home/ana/st.db'], '/')).toBe('/home/ana/st.db')
    expect(corpusArgument(['marginalia', '--no-sandbox', '--corpus=notes/st.db'], '/data')).toBe('/data/notes/st.db')
    expect(corpusArgument(['marginalia', '--corpus='], '/')).toBeUndefined()
    expect(launchRequest(['marginalia', '--corpus=st.db'], '/home/ana')).toEqual({ corpus: '/home/ana/st.db' })
  })

  it('finds none in switches, other files or the executable itself', () => {
    expect(corpusArgument(['/opt/x.marginalia'], '/')).toBeUndefined()
    expect(corpusArgument(['marginalia', '--open=a.marginalia', 'notes.txt', '/work/marginalia'], '/')).toBeUndefined()
    expect(corpusArgument(['marginalia', 'file://host-without-path'], '/')).toBeUndefined()
  })

  it('hands a second launch\'s corpus to the running instance exactly, and falls back to its argv and folder', () => {
    const handedOver = launchRequest(['marginalia', 'b.marginalia'], '/home/ana')
    expect(handedOver).toEqual({ corpus: '/home/ana/b.marginalia' })
    expect(secondLaunchCorpus(['marginalia', '--allow-file-access-from-files'], '/', handedOver)).toBe('/home/ana/b.marginalia')
    expect(secondLaunchCorpus(['marginalia', 'b.marginalia'], '/srv', { corpus: null })).toBeUndefined()
    expect(secondLaunchCorpus(['marginalia', 'b.marginalia'], '/srv', undefined)).toBe('/srv/b.marginalia')
    expect(secondLaunchCorpus(['marginalia', 'b.marginalia'], '/srv', { corpus: 'relative.marginalia' })).toBe('/srv/b.marginalia')
  })
})
