/** Renderer entry: connects to the corpus and starts the editor. */
import './styles/theme.css'
import './styles/app.css'
import './styles/text.css'
import './styles/relations.css'
import { connectApi } from './api-client'
import { fetchAddressedDocument, MarginaliaApp, showFatal } from './app/app'
import { applyTheme, rememberedTheme } from './app/layout'
import { downloadCopy, downloadExport, sessionToken } from './browser-edition'

applyTheme(rememberedTheme()) // before anything is drawn, so the page never flashes the other theme
const root = document.getElementById('app') as HTMLElement
const inBrowser = window.marginalia === undefined
if (inBrowser) sessionToken() // takes the token out of the address at once
const api = connectApi()
// The corpus's version before anything is read: what other programs write from then on is seen, even while the page starts.
const readAt = api.changesElsewhere({}).then(({ version }) => version, () => null)
const fetched = fetchAddressedDocument(api) // beside the corpus summary, not after it
api
  .corpus({})
  .then(async (corpus) => {
    document.title = `${corpus.name} – Marginalia`
    const app = new MarginaliaApp(root, api, corpus, inBrowser ? { downloadExport, downloadCopy } : {})
    await app.start(fetched, readAt)
  })
  .catch((error: unknown) => showFatal(root, error))
