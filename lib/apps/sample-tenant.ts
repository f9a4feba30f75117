/**
 * A tenant that exists nowhere, for checking an app's mapping and chart without one: the start-up
 * check (lib/apps/check-catalog.ts), `npm run apps:render` and the chart tests.
 */
import { GUARDRAIL_NAMES } from '../provisioning/guardrails'
import { CREDENTIALS_SECRET, TLS_SECRET_NAME } from './platform'
import type { FactsOptions, FactsTenant } from './tenant-facts'

export const SAMPLE_TENANT: FactsTenant = { id: 'clx1sampletenant0001', slug: 'sample', customDomain: null }

export function sampleFactsOptions(overrides: Partial<FactsOptions> = {}): FactsOptions {
  return {
    baseDomain: 'tenants.example.com',
    // A JWT's shape (header.payload.signature), signed by no one.
    licenseToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzYW1wbGUifQ.c2lnbmF0dXJl',
    tenancyUrl: 'https://tenancy.example.com',
    ingressClassName: 'nginx',
    clusterIssuer: 'letsencrypt',
    tcpServiceType: 'LoadBalancer',
    serviceAccountName: GUARDRAIL_NAMES.serviceAccount,
    credentialsSecretName: CREDENTIALS_SECRET,
    tlsSecretName: TLS_SECRET_NAME,
    ...overrides,
  }
}
