// Preloaded with `node --require` into every process the bench times (the CLI, the raw scripts): prints the
// process's peak memory (maxRSS, from getrusage) and CPU time on stderr as it exits, as one `@usage` line.
process.on('exit', () => {
  const usage = process.resourceUsage()
  process.stderr.write(`@usage ${JSON.stringify({ maxRssMiB: usage.maxRSS / 1024, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`)
})
