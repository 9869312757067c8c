// Where Electron's binary is, found the way the electron package finds it (its index.js, which
// `require('electron')` runs), and its download by the package's own installer (its install.js). Never
// `require('electron')` itself: where the binary is missing, that downloads it with a stack trace on failure.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The electron package's folder in the project at `root`. */
export function electronPackageDir(root) {
  return join(root, 'node_modules', 'electron')
}

function readTrimmed(file) {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    return null
  }
}

/**
 * Electron's binary for the project at `root`: `{ path, version }`, or `{ missing, downloadable }` saying why
 * there is none and whether the installer could fetch it. Like the package's index.js, it honours
 * ELECTRON_OVERRIDE_DIST_PATH (an Electron already on the machine: the executable named in path.txt, or
 * `electron`, inside that folder), and never downloads in that case.
 */
export function findElectron(root, env = process.env) {
  const packageDir = electronPackageDir(root)
  const manifest = readTrimmed(join(packageDir, 'package.json'))
  if (manifest === null) return { missing: `${packageDir} is not installed; run npm install`, downloadable: false }
  const version = JSON.parse(manifest).version
  const pathFile = join(packageDir, 'path.txt')
  const executable = readTrimmed(pathFile)
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const path = join(override, executable || 'electron')
    if (!existsSync(path)) return { missing: `ELECTRON_OVERRIDE_DIST_PATH is ${override}, but ${path} does not exist`, downloadable: false }
    return { path, version: readTrimmed(join(override, 'version'))?.replace(/^v/, '') || version }
  }
  if (executable === null) return { missing: `Electron ${version}'s binary was never downloaded (no ${pathFile})`, downloadable: true }
  const path = join(packageDir, 'dist', executable)
  if (!existsSync(path)) return { missing: `${path} does not exist`, downloadable: true }
  return { path, version }
}

/**
 * Downloads Electron's binary with the electron package's own installer, so that ELECTRON_MIRROR,
 * ELECTRON_CUSTOM_DIR, electron_config_cache, ELECTRON_GET_USE_PROXY and the rest behave as Electron documents;
 * a download that receives nothing for MARGINALIA_DOWNLOAD_STALL_SECONDS (30) is given up (install-electron-watchdog.cjs).
 * Resolves to null when it succeeded, otherwise to the reason in one line (the installer's error and causes).
 */
export function downloadElectron(root, env = process.env) {
  const installer = join(electronPackageDir(root), 'install.js')
  if (!existsSync(installer)) return Promise.resolve(`${installer} is missing; run npm install`)
  const preloads = ['install-electron-errors.cjs', 'install-electron-watchdog.cjs'].flatMap((file) => ['--require', join(import.meta.dirname, file)])
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...preloads, installer], { env, stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => resolve(error.message))
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(null)
      const lastLine = stderr.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).at(-1)
      resolve(lastLine ?? (signal ? `the installer was stopped (${signal})` : `the installer exited with code ${code}`))
    })
  })
}
