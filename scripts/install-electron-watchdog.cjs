// Loaded with `node --require` into Electron's own installer (node_modules/electron/install.js), whose
// downloader (@electron/get's FetchDownloader) uses the global fetch with no timeout: a mirror that accepts
// the connection and never answers, or stops sending halfway, would keep `npm start` waiting forever. Here each
// fetch is watched: when no byte (headers or body) has arrived for MARGINALIA_DOWNLOAD_STALL_SECONDS (30 by
// default), the fetch is aborted with a one-line reason, which the installer reports and `npm start` passes on.
const STALL_SECONDS = Number(process.env.MARGINALIA_DOWNLOAD_STALL_SECONDS) > 0 ? Number(process.env.MARGINALIA_DOWNLOAD_STALL_SECONDS) : 30

/** The fetch failure for a download that stalled (its name and message are the one line the installer prints). */
class DownloadStalled extends Error {
  constructor(url) {
    let where = String(url)
    try {
      where = new URL(where).origin
    } catch {}
    super(`received nothing from ${where} for ${STALL_SECONDS} s; giving up (MARGINALIA_DOWNLOAD_STALL_SECONDS sets how long to wait)`)
    this.name = 'DownloadStalled'
  }
}

const realFetch = globalThis.fetch
if (typeof realFetch === 'function') {
  globalThis.fetch = async function watchedFetch(input, init = {}) {
    const url = input instanceof Request ? input.url : input
    const stalled = new AbortController()
    let timer
    const stop = () => clearTimeout(timer)
    const arm = () => {
      stop()
      timer = setTimeout(() => stalled.abort(new DownloadStalled(url)), STALL_SECONDS * 1000)
      timer.unref() // the watch never keeps the installer alive by itself
    }
    const signal = init.signal ? AbortSignal.any([init.signal, stalled.signal]) : stalled.signal
    arm()
    let response
    try {
      response = await realFetch(input, { ...init, signal })
    } catch (error) {
      stop()
      throw stalled.signal.aborted ? stalled.signal.reason : error
    }
    if (response.body === null) {
      stop()
      return response
    }
    arm()
    const body = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          arm()
          controller.enqueue(chunk)
        },
        flush: stop,
      }),
    )
    const watched = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
    for (const name of ['url', 'redirected', 'type']) Object.defineProperty(watched, name, { value: response[name] })
    return watched
  }
}
