// Preloaded with `node --require` by the benchmarks: prints the process's peak memory and CPU time at exit.
process.on('exit', () => {
  const usage = process.resourceUsage()
  process.stderr.write(`@usage ${JSON.stringify({ maxRssMiB: usage.maxRSS / 1024, cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`)
})
