/**
 * Kubernetes resource quantities ("500m", "1Gi", "2", "1e3"): the API server stores them in a
 * canonical form ("1024Mi" comes back as "1Gi"), so comparing quantities means comparing values.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 }

const PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/

/** The value of a quantity as a number (cores for CPU, bytes for memory and storage); NaN when malformed. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity
  const match = PATTERN.exec(quantity.trim())
  if (!match) return Number.NaN
  const [, digits, suffix, exponent] = match
  const base = Number(digits)
  if (exponent !== undefined) return base * 10 ** Number(exponent)
  if (suffix === undefined) return base
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? Number.NaN)
}

/** True when both are quantities of the same value (within floating-point noise). */
export function sameQuantity(a: string | number, b: string | number): boolean {
  const x = parseQuantity(a)
  const y = parseQuantity(b)
  if (Number.isNaN(x) || Number.isNaN(y)) return String(a) === String(b)
  return x === y || Math.abs(x - y) <= Math.max(Math.abs(x), Math.abs(y)) * 1e-12
}

/** Millicores in the form the API server stores: "500m", "1", "16". */
export function cpuQuantity(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`
}

/** MiB in the form the API server stores: "512Mi", "1Gi", "32Gi". */
export function memoryQuantity(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`
}
