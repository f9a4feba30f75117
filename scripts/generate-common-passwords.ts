// tsx scripts/generate-common-passwords.ts — writes lib/auth/common-passwords.txt, the list of
// common passwords the password policy refuses, from @zxcvbn-ts/language-common's password
// dictionary (a dev dependency: the generated file is committed, the package is not needed at
// run time). Entries are lower-cased and de-duplicated in the dictionary's order (most common
// first); entries the length rules already refuse (shorter than the minimum, longer than the
// maximum) are left out since the list could never be what refuses them.
import fs from 'node:fs'
import { dictionary } from '@zxcvbn-ts/language-common'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../lib/auth/password-policy'
import { runCli } from './lib/cli'

const OUTPUT = new URL('../lib/auth/common-passwords.txt', import.meta.url)

function commonPasswordList(source: readonly string[]): string[] {
  const seen = new Set<string>()
  for (const entry of source) {
    const password = entry.trim().toLowerCase()
    const characters = [...password].length
    if (characters < PASSWORD_MIN_LENGTH || characters > PASSWORD_MAX_LENGTH) continue
    if (/[\s\p{Cc}]/u.test(password)) continue // one entry per line: no line breaks or blanks inside
    seen.add(password)
  }
  return [...seen]
}

runCli(async () => {
  const source = dictionary['passwords-common']
  const list = commonPasswordList(source)
  if (list.length < 10_000)
    throw new Error(`Only ${list.length} passwords of ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; expected at least 10,000`)
  fs.writeFileSync(OUTPUT, list.join('\n') + '\n')
  console.log(`Wrote ${list.length} common passwords (of ${source.length} in the dictionary) to lib/auth/common-passwords.txt`)
})
