/** A kubeconfig for an API server on 127.0.0.1:`port` that tests point helm at (one that never answers, or refuses). */
export function loopbackKubeconfig(port: number): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
    'contexts: [{name: c, context: {cluster: c, user: u}}]',
    'current-context: c',
    'users: [{name: u, user: {token: not-a-real-token}}]',
    '',
  ].join('\n')
}
