// The project's own lint rules (eslint.config.mjs) catch what they are meant to catch.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function rulesHit(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

describe('lint rules', () => {
  it('keeps next/* and React out of lib/', async () => {
    expect(await rulesHit("import { headers } from 'next/headers'\nexport const h = headers\n", 'lib/orgs/rename-org.ts')).toContain(
      'no-restricted-imports',
    )
    expect(await rulesHit("import { useState } from 'react'\nexport const s = useState\n", 'lib/billing/x.ts')).toContain(
      'no-restricted-imports',
    )
    expect(await rulesHit("import { headers } from 'next/headers'\nexport const h = headers\n", 'app/x/page.tsx')).not.toContain(
      'no-restricted-imports',
    )
  })

  it('keeps lib/ from importing the outer folders', async () => {
    const imports = [
      "import { jobFunctions } from '../../workflows'\nexport const f = jobFunctions\n",
      "import { boot } from '@/server/boot'\nexport const b = boot\n",
      "import { inngestClient } from '../../inngest/client'\nexport const c = inngestClient\n",
      "import { GET } from '@/app/api/readyz/route'\nexport const g = GET\n",
      "import { Table } from '../../components/ui/table'\nexport const t = Table\n",
    ]
    for (const code of imports) expect(await rulesHit(code, 'lib/orgs/rename-org.ts'), code).toContain('no-restricted-imports')
    const workflow = "import { jobFunctions } from '@/workflows'\nexport const f = jobFunctions\n"
    expect(await rulesHit(workflow, 'server/ports.ts')).not.toContain('no-restricted-imports')
    expect(await rulesHit("import { db } from '../db'\nexport const d = db\n", 'lib/orgs/rename-org.ts')).not.toContain(
      'no-restricted-imports',
    )
    // Tests wire the real workflows around the code under test; frameworks stay out of them.
    expect(await rulesHit(workflow, 'lib/metering/x.int.test.ts')).not.toContain('no-restricted-imports')
    expect(await rulesHit("import { headers } from 'next/headers'\nexport const h = headers\n", 'lib/orgs/x.int.test.ts')).toContain(
      'no-restricted-imports',
    )
  })

  it('lets only lib/env.ts read process.env', async () => {
    const code = 'export const url = process.env.DATABASE_URL\n'
    expect(await rulesHit(code, 'lib/billing/x.ts')).toContain('no-restricted-properties')
    expect(await rulesHit(code, 'app/api/x/route.ts')).toContain('no-restricted-properties')
    expect(await rulesHit(code, 'lib/env.ts')).not.toContain('no-restricted-properties')
  })
})
