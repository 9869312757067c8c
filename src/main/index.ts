/** Electron main process. The editor window arrives with the desktop-editor issue; for now it only starts. */
import { app } from 'electron'

app.whenReady().then(() => {
  process.stdout.write('Marginalia: the desktop editor is not built yet; use the `marginalia` CLI.\n')
  app.quit()
})
