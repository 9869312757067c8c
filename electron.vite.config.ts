import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { CONTENT_SECURITY_POLICY } from './src/shared/security'

/** Writes the one Content-Security-Policy into the page (less `frame-ancestors`, which a meta tag cannot set). */
const contentSecurityPolicy = {
  name: 'marginalia-csp',
  transformIndexHtml: (html: string) =>
    html.replace(
      '%MARGINALIA_CSP%',
      CONTENT_SECURITY_POLICY.split('; ')
        .filter((directive) => !directive.startsWith('frame-ancestors'))
        .join('; '),
    ),
}

/**
 * The page's icon (`<link rel="icon" href="./favicon.png">` in index.html): the app's own icon at 64 px, written beside
 * the page, so that both the browser edition and the app's scheme serve it from the renderer's folder. A PNG, not
 * the SVG: Chromium makes a whole SVG document on the page's main thread to draw an SVG icon (70-80 ms on a
 * first visit here, while the first document is arriving).
 */
const favicon = {
  name: 'marginalia-favicon',
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): string }) {
    this.emitFile({ type: 'asset', fileName: 'favicon.png', source: readFileSync(resolve(__dirname, 'resources', 'favicon.png')) })
  },
}

// The main-process bundle also carries the other Node entry points on the corpus core: the CLI and the
// browser edition's server.
export default defineConfig({
  main: {
    build: {
      // Ajv, which a large import loads when it starts (src/core/import/exact-shape.ts), is bundled as a chunk of
      // its own, so that loading it is a plain require of a file of ours, in the app's archive as anywhere.
      externalizeDeps: { exclude: ['ajv'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          serve: resolve(__dirname, 'src/server/serve.ts'),
          'corpus-worker': resolve(__dirname, 'src/main/corpus-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages, so it carries what it uses (the contract, zod).
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [contentSecurityPolicy, favicon],
    build: {
      // Minified: the page parses and compiles its script before it can ask for anything, and a fresh browser
      // profile (every new tab of the browser edition's first visit) has no compiled copy to reuse.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
})
