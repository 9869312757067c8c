/** Preload script: will expose the typed API contract as `window.marginalia` (desktop-editor issue). */
export {}
