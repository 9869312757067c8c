// Which Node can start the desktop app. Electron's installer (node_modules/electron/install.js) loads
// @electron/get, an ES module, with require(): that needs a Node where require(esm) is on by default, which
// `process.features.require_module` reports: 20.19 or later in the 20 line, 22.12 or later, 23 and later.
// Electron declares Node 22.12+; its installer also works on Node 20.19+ (tests/desktop downloads through a
// stand-in mirror on the Node it runs on).

/** Why this Node cannot run `npm start`, in one line, or null when it can. */
export function nodeTooOld(proc = process) {
  if (proc.features?.require_module === true) return null
  return (
    `Node ${proc.version} is too old to start Marginalia: Electron's installer needs Node 22.12 or later ` +
    '(or 20.19 or later in the Node 20 line). Install Node 22 (LTS) and run npm start again.'
  )
}
