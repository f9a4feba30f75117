// tsx scripts/generate-common-passwords.ts — writes lib/auth/common-passwords.txt, the list of
// common passwords the password policy refuses, from @zxcvbn-ts/language-common's password
// dictionary (a dev dependency: the generated file is committed, the package is not needed at
// run time). Entries are put in the form the policy compares (lower-cased, NFC) and de-duplicated
// in the dictionary's order (most common first). The list keeps the entries of 4–128 characters,
// not only those the length rule lets through: the policy also refuses a longer password whose
// core (without the digits and symbols at either end) or repeated part is one of them
// ("iloveyou1234", "passwordpassword"). Shorter entries never count; longer ones cannot be set.
import fs from 'node:fs'
import { dictionary } from '@zxcvbn-ts/language-common'
import { COMMON_PASSWORD_MIN_LENGTH, comparablePassword, PASSWORD_MAX_LENGTH } from '../lib/auth/password-policy'
import { runCli } from './lib/cli'

const OUTPUT = new URL('../lib/auth/common-passwords.txt', import.meta.url)
/** The dictionary (4.1.3) has 49,193 such entries; far fewer means the source or the filter broke. */
const EXPECTED_AT_LEAST = 40_000

function commonPasswordList(source: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const entry of source) {
    const password = comparablePassword(entry.trim())
    const characters = [...password].length
    if (characters < COMMON_PASSWORD_MIN_LENGTH || characters > PASSWORD_MAX_LENGTH) continue
    if (/[\s\p{Cc}]/u.test(password)) continue // one entry per line: no line breaks or blanks inside
    seen.add(password)
  }
  return [...seen]
}

runCli(async () => {
  const source = dictionary['passwords-common']
  const list = commonPasswordList(source)
  if (list.length < EXPECTED_AT_LEAST)
    throw new Error(
      `Only ${list.length} passwords of ${COMMON_PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; expected ${EXPECTED_AT_LEAST}+`,
    )
  fs.writeFileSync(OUTPUT, list.join('\n') + '\n')
  console.log(`Wrote ${list.length} common passwords (of ${source.length} in the dictionary) to lib/auth/common-passwords.txt`)
})
