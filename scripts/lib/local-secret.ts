/**
 * One machine, no configuration: `npm start` runs the production server, which refuses the
 * development AUTH_SECRET. When none is configured, a random one is generated once and kept in
 * DATA_DIR/auth-secret (mode 0600) beside the embedded database it protects.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export function loadOrCreateLocalSecret(dataDir: string): string {
  const file = path.resolve(dataDir, 'auth-secret')
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, 'utf8').trim()
    if (existing.length >= 32) return existing
  }
  const secret = crypto.randomBytes(32).toString('base64url')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}
