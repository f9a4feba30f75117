export { db, openDb, useDb, closeDb, createPrisma, type Db } from './client'
export { Prisma } from './generated/client'
export * from './generated/enums'
