/**
 * The shipped apps (issue 15): each is data, a chart under charts/<id>/ and an app file
 * apps/<id>.json holding its definition and its plans (`{ "app": …, "plans": [ … ] }`; the
 * contract is docs/apps.md). Imported, not read at run time, so that every build carries them.
 */
import generic from '../../apps/generic.json'

export interface AppFile {
  app: unknown
  plans: Record<string, unknown>[]
}

export const BUILT_IN_APP_FILES: readonly AppFile[] = [generic]
