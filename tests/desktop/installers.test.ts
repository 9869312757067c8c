/**
 * The installers' configuration (electron-builder.yml) as data, read by electron-builder itself: its loader and
 * schema, its file matching for the app, its node_modules and the unpacked files, and its own mapping of our fuse
 * settings onto @electron/fuses' wires. electron-builder cannot pack here (it downloads Electron), so this is
 * what can be checked short of building the installers. The internals used are those of the pinned version.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { sampleFolder } from '../../src/core/sample'
import { scratch } from '../helpers'
import { electronVersion, projectCopy } from './stand-ins'

const root = join(__dirname, '..', '..')
const require = createRequire(__filename)

type Configuration = Record<string, unknown> & {
  electronFuses: Record<string, boolean>
  fileAssociations: Record<string, unknown>[]
  linux: { target: string[]; icon: string; executableName: string }
  mac: { target: string[]; icon: string }
  win: { target: string[]; icon: string }
  extraResources: unknown
  asarUnpack: unknown
}
type Filter = (file: string, stat: { isDirectory(): boolean; moduleFullFilePath?: string }) => boolean
interface FileMatcher {
  from: string
  to: string
  patterns: string[]
  createFilter(): Filter
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<Configuration>
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>
}
const fileMatcher = require('app-builder-lib/out/fileMatcher') as {
  getMainFileMatchers(appDir: string, destination: string, expand: (pattern: string) => string, platformOptions: object, packager: object, outDir: string, isElectronCompile: boolean): FileMatcher[]
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (pattern: string) => string, platformOptions: object, info: object): FileMatcher
  getFileMatchers(config: Configuration, name: string, destination: string, options: object): FileMatcher[] | null
}
const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(fuses: object): Promise<Record<string, unknown>> } } }
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => { isEnabled: boolean } }

const same = (pattern: string): string => pattern
const file = { isDirectory: () => false }
let config: Configuration
let packagerInfo: object

beforeAll(async () => {
  config = await getConfig(root, null, null)
  const directories = config.directories as { output: string; buildResources: string }
  packagerInfo = { projectDir: root, buildResourcesDir: directories.buildResources, config, isPrepackedAppAsar: false, debugLogger: new DebugLogger(false) }
})

describe('the installers\' configuration', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('makes an AppImage and a deb for Linux, a dmg for macOS and an NSIS installer for Windows, each with the icon', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    for (const platform of [config.linux, config.mac, config.win]) expect(platform.icon).toBe('resources/icon.png')
  })

  it('has an icon electron-builder can turn into every platform\'s (a PNG of at least 512×512)', () => {
    const png = readFileSync(join(root, 'resources', 'icon.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512) // width, from the IHDR chunk
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512) // height
  })

  it('associates .marginalia files with the app, with a MIME type for Linux desktops and the editor role for macOS', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'marginalia', name: 'Marginalia corpus', mimeType: 'application/x-marginalia', role: 'Editor' }),
    ])
  })

  it('flips the hardening issue\'s fuses after packing, onto the wires @electron/fuses names', async () => {
    const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
    const { FuseV1Options } = await import('@electron/fuses')
    const byName = Object.fromEntries(
      Object.entries(wires)
        .filter(([wire, value]) => /^\d+$/.test(wire) && value !== undefined)
        .map(([wire, value]) => [FuseV1Options[Number(wire)], value]),
    )
    expect(byName).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false, // the page comes from marginalia://, not file://
    })
  })

  it('packs the built app and the Electron build of better-sqlite3, and none of the sources, tests or scripts', () => {
    const [matcher] = fileMatcher.getMainFileMatchers(root, '/app', same, {}, { info: packagerInfo }, join(root, 'dist'), false)
    const packed = matcher.createFilter()
    const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main as string
    for (const path of [main.replace(/^\.\//, ''), 'out/main/corpus-worker.js', 'out/preload/index.js', 'out/renderer/index.html', 'package.json', 'native/electron/better_sqlite3.node']) {
      expect(packed(join(root, path), file), path).toBe(true)
    }
    for (const path of ['src/main/index.ts', 'tests/main/security.test.ts', 'scripts/start.mjs', 'README.md', 'electron-builder.yml', 'resources/icon.png', `native/electron/better_sqlite3.node.${electronVersion}`, 'docs/jsonl.md', '.ci/run']) {
      expect(packed(join(root, path), file), path).toBe(false)
    }
  })

  it('keeps better-sqlite3\'s JavaScript but not its Node build or C++ sources, which the app never loads', () => {
    const modules = fileMatcher.getNodeModuleFileMatcher(root, '/app', same, {}, packagerInfo).createFilter()
    const packed = (path: string) => modules(join(root, path), { ...file, moduleFullFilePath: path })
    expect(packed('node_modules/better-sqlite3/lib/index.js')).toBe(true)
    expect(packed('node_modules/better-sqlite3/package.json')).toBe(true)
    expect(packed('node_modules/zod/package.json')).toBe(true)
    expect(packed('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false)
    expect(packed('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false)
    expect(packed('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false)
  })

  it('unpacks the native module from the ASAR archive, where it could not be loaded, and lets no rebuild replace it', () => {
    expect(config.asar).toBe(true)
    const [unpacked] = fileMatcher.getFileMatchers(config, 'asarUnpack', '/app', { macroExpander: same, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root })!
    const unpack = unpacked.createFilter()
    expect(unpack(join(root, 'native', 'electron', 'better_sqlite3.node'), file)).toBe(true)
    expect(unpack(join(root, 'out', 'main', 'index.js'), file)).toBe(false)
    expect(config.npmRebuild).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
  })

  it('ships the sample articles where the core looks for them in a packaged app', () => {
    const resources = '/app/resources'
    const [sample] = fileMatcher.getFileMatchers(config, 'extraResources', resources, { macroExpander: same, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root })!
    expect(sample.from).toBe(join(root, 'resources', 'sample'))
    const packaged = scratch() // a packaged app's resources folder, with what this configuration puts there
    mkdirSync(join(packaged, relative(resources, sample.to)))
    const withResources = process as { resourcesPath?: string }
    withResources.resourcesPath = packaged
    try {
      expect(sampleFolder()).toBe(join(packaged, 'sample'))
    } finally {
      delete withResources.resourcesPath
    }
  })

  it('refuses, before building anything, to make installers for another platform or architecture than this one', () => {
    const other = process.platform === 'linux' ? '--win' : '--linux'
    const result = spawnSync(process.execPath, [join(projectCopy(), 'scripts', 'dist.mjs'), other, '--publish', 'never'], { encoding: 'utf8' })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`${other}: build each platform's installers on that platform and architecture`)
    expect(result.stdout).toBe('')
  })
})
