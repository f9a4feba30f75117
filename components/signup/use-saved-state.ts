'use client'

import { useEffect } from 'react'

type Saved = { name?: string; slug?: string; planId?: string }

/**
 * Back and forward restore a page from the router's cache, rendered before the later steps were
 * saved: re-read the saved answers from the server when the page appears.
 */
export function useSavedWizardState(apply: (saved: Saved) => void) {
  useEffect(() => {
    let isCurrent = true
    void fetch('/api/signup/state', { cache: 'no-store' })
      .then((r) => r.json() as Promise<{ ok: boolean; data?: Saved }>)
      .then((result) => {
        if (isCurrent && result.ok && result.data) apply(result.data)
      })
      .catch(() => {})
    return () => {
      isCurrent = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per mount
  }, [])
}
