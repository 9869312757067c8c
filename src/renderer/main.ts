/** Renderer entry: the ProseMirror editor arrives with the desktop-editor issue. */
const root = document.getElementById('app')
if (root !== null) root.textContent = 'Marginalia'
