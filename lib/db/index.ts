export { db, openDb, installDb, closeDb, createPrisma, prismaOverPglite, type Db } from './client'
export { Prisma } from './generated/client'
export * from './generated/enums'
