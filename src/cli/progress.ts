/** A progress bar on stderr for long imports, drawn only when stderr is a terminal. */
import cliProgress from 'cli-progress'
import type { Writable } from 'node:stream'

/** Reports progress in bytes; `stop` clears the bar. */
export interface ProgressReporter {
  update(done: number, total: number): void
  stop(): void
}

const SILENT: ProgressReporter = { update() {}, stop() {} }

/** Inputs smaller than this finish too fast for a bar to help. */
const MIN_BYTES_FOR_BAR = 4 << 20

/** A bar on `stream` if it is a terminal and `wanted`, otherwise nothing. */
export function progressReporter(stream: Writable & { isTTY?: boolean }, label: string, wanted = true): ProgressReporter {
  if (!wanted || stream.isTTY !== true) return SILENT
  let bar: cliProgress.SingleBar | undefined
  return {
    update(done, total) {
      if (bar === undefined) {
        if (total < MIN_BYTES_FOR_BAR) return
        bar = new cliProgress.SingleBar(
          {
            stream: stream as NodeJS.WriteStream,
            format: `${label} [{bar}] {percentage}% | {mib}/{totalMib} MiB | ETA {eta_formatted}`,
            hideCursor: true,
            clearOnComplete: true,
            synchronousUpdate: true,
            fps: 10,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(total, 0, { mib: '0.0', totalMib: (total / 2 ** 20).toFixed(1) })
      }
      bar.update(done, { mib: (done / 2 ** 20).toFixed(1) })
    },
    stop() {
      bar?.stop()
    },
  }
}
