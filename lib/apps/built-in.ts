/**
 * The shipped apps (issue 15): each is data, a chart under charts/<id>/ and an app file
 * apps/<id>.json holding its definition and its plans (`{ "app": …, "plans": [ … ] }`; the
 * contract is docs/apps.md). Imported, not read at run time, so that every build carries them.
 * The order is the order customers see them in (APPS_SOLD may choose and reorder).
 */
import browserSessions from '../../apps/browser-sessions.json'
import generic from '../../apps/generic.json'
import iotPlatform from '../../apps/iot-platform.json'
import mechanicbuddy from '../../apps/mechanicbuddy.json'
import photoprismFamily from '../../apps/photoprism-family.json'

export interface AppFile {
  app: unknown
  plans: Record<string, unknown>[]
}

export const BUILT_IN_APP_FILES: readonly AppFile[] = [generic, photoprismFamily, iotPlatform, mechanicbuddy, browserSessions]
