export { db, openDb, installDb, closeDb, createPrisma, prismaOverPglite, type Db } from './client'
export { Prisma } from './generated/client'
export * from './generated/enums'
export { asSystem, withDbScope, currentDbScope, setAmbientDbScope, setFallbackDbScope, type DbScope } from './scope'
