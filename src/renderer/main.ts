/**
 * Renderer entry: connects to the corpus, asks for what the page opens with, and meanwhile loads the editor.
 * The editor's code (ProseMirror and the app, most of the page's script) is a chunk of its own, loaded here
 * with `import()`: this first script is small, so the questions to the corpus leave as soon as the page is
 * parsed, and the answers (a long document's can take a few hundred milliseconds to read and send) come while
 * the editor's code is still compiled, not after.
 */
import './styles/theme.css'
import './styles/app.css'
import './styles/text.css'
import './styles/relations.css'
import { connectApi } from './api-client'
import { fetchAddressedDocument, showFatal } from './app/first-reads'
import { applyTheme, rememberedTheme } from './app/layout'
import { downloadCopy, downloadExport, downloadSettled, sessionToken } from './browser-edition'

applyTheme(rememberedTheme()) // before anything is drawn, so the page never flashes the other theme
const root = document.getElementById('app') as HTMLElement
const inBrowser = window.marginalia === undefined
if (inBrowser) sessionToken() // takes the token out of the address at once
const api = connectApi()
// The corpus's version before anything is read: what other programs write from then on is seen, even while the page starts.
const readAt = api.changesElsewhere({}).then(({ version }) => version, () => null)
const fetched = fetchAddressedDocument(api) // beside the corpus summary, not after it
const editor = import('./app/app')
Promise.all([api.corpus({}), editor])
  .then(async ([corpus, { MarginaliaApp }]) => {
    document.title = `${corpus.name} – Marginalia`
    const app = new MarginaliaApp(root, api, corpus, inBrowser ? { downloadExport, downloadSettled, downloadCopy } : {})
    await app.start(fetched, readAt)
  })
  .catch((error: unknown) => showFatal(root, error))
