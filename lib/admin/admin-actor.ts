/** Who performs an admin write, and from where: carried into every audit entry. */
export interface AdminActor {
  userId: string
  ip?: string
  userAgent?: string
  requestId?: string
  /** Set when the write went through read-only mode with a break-glass token. */
  breakGlassId?: string
}

/** The audit fields of an actor (break-glass writes are marked in `after`). */
export function auditActor(actor: AdminActor) {
  return {
    actorType: 'SUPER_ADMIN' as const,
    actorUserId: actor.userId,
    ip: actor.ip,
    userAgent: actor.userAgent,
    requestId: actor.requestId,
  }
}
