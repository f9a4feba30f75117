// A volume crossed 80 % (warning) or 95 % (critical), with the forecast.
import { z } from 'zod'
import { approxDays, formatBinaryBytes, formatPercent } from '../../format'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'

export const storageWarning = defineTemplate(
  z.object({
    orgName: text(),
    volume: text(253),
    percentUsed: z.number().min(0).max(1000),
    level: z.enum(['warning', 'critical']),
    daysUntilFull: z.number().min(0).nullable(),
    usedBytes: z.number().min(0).optional(),
    capacityBytes: z.number().positive().optional(),
    url: httpUrl,
  }),
  (d) => {
    const percent = formatPercent(d.percentUsed)
    const forecast = d.daysUntilFull === null ? null : `At the current rate it will be full in ${approxDays(d.daysUntilFull)}.`
    const details: [string, string][] = [
      ['Volume', d.volume],
      [
        'Used',
        d.usedBytes !== undefined && d.capacityBytes
          ? `${formatBinaryBytes(d.usedBytes)} of ${formatBinaryBytes(d.capacityBytes)} (${percent})`
          : percent,
      ],
    ]
    if (d.daysUntilFull !== null) details.push(['Full in', approxDays(d.daysUntilFull)])
    return {
      subject: `${d.level === 'critical' ? 'Critical: s' : 'S'}torage of ${d.orgName} is ${percent} full`,
      preheader: `Volume ${d.volume} is ${percent} full.`,
      heading: d.level === 'critical' ? 'Storage is almost full' : 'Storage is filling up',
      paragraphs: [
        `The volume ${d.volume} of ${d.orgName} is ${percent} full.` + (forecast ? ` ${forecast}` : ''),
        d.level === 'critical'
          ? 'When it is full, the instance can no longer write data. Free up space or move to a plan with more storage now.'
          : 'Free up space or move to a plan with more storage before it runs out.',
      ],
      details,
      action: { label: 'See storage', url: d.url },
    }
  },
)
