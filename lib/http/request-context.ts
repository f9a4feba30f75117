/** Who is asking, from where: built from the request by app/_server/request.ts, passed to the use cases. */
export interface RequestContext {
  requestId: string
  ip?: string
  userAgent?: string
}
