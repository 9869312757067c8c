/** Renderer entry: connects to the corpus and starts the editor. */
import './styles.css'
import './styles/relations.css'
import { connectApi } from './api-client'
import { MarginaliaApp, showFatal } from './app/app'
import { downloadCopy, downloadExport, sessionToken } from './browser-edition'

const root = document.getElementById('app') as HTMLElement
const inBrowser = window.marginalia === undefined
if (inBrowser) sessionToken() // takes the token out of the address at once
const api = connectApi()
api
  .corpus({})
  .then(async (corpus) => {
    document.title = `${corpus.name} – Marginalia`
    const app = new MarginaliaApp(root, api, corpus, inBrowser ? { downloadExport, downloadCopy } : {})
    await app.start()
  })
  .catch((error: unknown) => showFatal(root, error))
