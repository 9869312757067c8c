// Loaded with `node --require` into Electron's own installer (node_modules/electron/install.js), which prints
// `err.stack` when the download fails. Here that stack is one line, the error and its causes, so that
// `npm start` can pass the reason on ("fetch failed (getaddrinfo ENOTFOUND github.com)") without a stack trace.
Error.prepareStackTrace = (error) => {
  let line = `${error.name}: ${error.message}`
  for (let cause = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    line += ` (${cause.message})`
  }
  return line.replace(/\s+/g, ' ')
}
