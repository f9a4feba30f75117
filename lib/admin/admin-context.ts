/**
 * The context of a console write: the super-admin acting (through the read-only gate, so with a
 * break-glass id when one was used), the request and `now` from the billing clock.
 */
import type { UseCaseContext } from '../use-case-context'
import type { AdminActor } from './admin-actor'

export type AdminContext = UseCaseContext<AdminActor>
