/** Renderer entry: connects to the corpus and starts the editor. */
import './styles.css'
import { connectApi } from './api-client'
import { MarginaliaApp, showFatal } from './app/app'

const root = document.getElementById('app') as HTMLElement
const api = connectApi()
api
  .corpus({})
  .then(async (corpus) => {
    document.title = `${corpus.name} – Marginalia`
    const app = new MarginaliaApp(root, api, corpus)
    await app.start()
  })
  .catch((error: unknown) => showFatal(root, error))
