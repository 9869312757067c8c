/**
 * `marginalia serve`: the browser edition started through the `marginalia` command, as the CLI's help lists it and
 * as the server's own messages name it.
 */
import { createServer, type AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSampleCorpus } from '../../src/core/sample'
import { scratch } from '../helpers'
import { finished, marginalia, start } from './process'

describe('marginalia serve', () => {
  it('is listed by marginalia --help, and has its own help', async () => {
    const help = await marginalia(['--help'])
    expect(help.stdout).toMatch(/\n {2}serve \[options\] \[corpus\] +Serve the editor to your browser on\n/)
    const own = await marginalia(['serve', '--help'])
    expect(own.code).toBe(0)
    expect(own.stdout).toMatch(/^Usage: marginalia serve \[options\] \[corpus\]/)
    expect(own.stdout).toContain('--port <n>')
  })

  it('serves the corpus given until stopped, then says the changes are saved in it', async () => {
    const corpus = join(scratch(), 'news.marginalia')
    createSampleCorpus(corpus, { annotator: 'setup' })
    const child = start(['serve', corpus, '--json'])
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
    const served = JSON.parse(line) as { url: string; corpus: string }
    expect(served.corpus).toBe(corpus)
    const page = await fetch(served.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<html')
    child.kill('SIGINT')
    const end = await finished(child)
    expect(end.code).toBe(0)
    expect(end.stderr).toContain(`marginalia serve: stopped; every change made is saved in ${corpus}`)
  })

  it('says a usage error in one line, naming the command, and exits 2 as the other commands do (a port that is none exited 1, in commander\'s words)', async () => {
    const corpus = join(scratch(), 'news.marginalia')
    for (const [args, reason] of [
      [['--port', '99999'], /^marginalia serve: option '--port <n>' argument '99999' is invalid\. must be a port number, 0 to 65535 \(0: a free one\) \(see marginalia serve --help\)\n$/],
      [['--bogus'], /^marginalia serve: unknown option '--bogus' \(see marginalia serve --help\)\n$/],
    ] as const) {
      const end = await marginalia(['serve', corpus, ...args])
      expect(end.stderr).toMatch(reason)
      expect(end.code).toBe(2)
    }
  })

  it('refuses a corpus that does not exist in one line, naming it', async () => {
    const missing = join(scratch(), 'missing.marginalia')
    const end = await marginalia(['serve', missing])
    expect(end.code).toBe(1)
    expect(end.stderr).toBe(`marginalia serve: ${missing}: no such corpus file\n`)
  })

  it('says in one line that a port asked for is taken, and what to do, not Node\'s EADDRINUSE', async () => {
    const corpus = join(scratch(), 's.marginalia')
    createSampleCorpus(corpus, { annotator: 'setup' })
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      const end = await marginalia(['serve', corpus, '--port', String(port)])
      expect(end.code).toBe(1)
      expect(end.stderr).toBe(`marginalia serve: port ${port} of 127.0.0.1 is taken by another program (another marginalia serve?): choose another with --port N, or leave --port out for a free one\n`)
    } finally {
      taken.close()
    }
  })
})
