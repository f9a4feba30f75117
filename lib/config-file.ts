/**
 * An operator's JSON configuration file (PLANS_FILE, APPS_FILE): its parsed contents, or a
 * ConfigError naming the variable on one line (a missing file, a file that is not JSON, contents
 * that `apply` refuses).
 */
import fs from 'node:fs'
import { ConfigError } from './env'

export function readJsonConfigFile(variable: string, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof SyntaxError
          ? `not valid JSON (${error.message})`
          : (error as Error).message
    throw new ConfigError([{ variable, message: reason }])
  }
}

/** The file read and handed to `apply` (a catalog merge); whatever either refuses is one ConfigError line. */
export function applyJsonConfigFile<T>(variable: string, file: string, apply: (parsed: unknown) => T): T {
  const parsed = readJsonConfigFile(variable, file)
  try {
    return apply(parsed)
  } catch (error) {
    throw new ConfigError([{ variable, message: (error as Error).message }])
  }
}
