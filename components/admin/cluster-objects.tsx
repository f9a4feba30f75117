// The tenant's cluster objects as the console shows them (read live by getClusterObjects).
import type { ClusterObjects as Objects } from '@/lib/admin/get-cluster-objects'

export function ClusterObjects({ objects }: { objects: Objects }) {
  if (objects.mode === 'dry-run')
    return (
      <p className="text-sm text-slate-600">
        Dry-run cluster: nothing is applied, so there are no live objects. The instance panel offers the rendered YAML.
      </p>
    )
  if (!objects.available) return <p className="text-sm text-amber-700">The cluster did not answer: {objects.error}</p>
  if (!objects.namespace) return <p className="text-sm text-slate-600">The namespace does not exist.</p>
  return (
    <div className="space-y-4 text-sm">
      <p>
        Namespace <span className="font-mono">{objects.namespace.name}</span>: {objects.namespace.phase}; Pod Security{' '}
        {objects.namespace.podSecurity ?? 'not set'}; network policies {objects.networkPolicies?.join(', ') || 'none'}; ingress{' '}
        {objects.ingressHosts?.join(', ') || 'none'}
      </p>
      <table className="w-full text-left">
        <caption className="sr-only">Workloads</caption>
        <thead>
          <tr className="text-slate-500">
            <th scope="col">Workload</th>
            <th scope="col">Ready</th>
          </tr>
        </thead>
        <tbody>
          {objects.workloads?.map((w) => (
            <tr key={`${w.kind}/${w.name}`}>
              <td>
                {w.kind} <span className="font-mono">{w.name}</span>
              </td>
              <td className={w.ready >= w.desired ? 'text-green-700' : 'text-amber-700'}>
                {w.ready}/{w.desired}
              </td>
            </tr>
          ))}
          {objects.pods?.map((p) => (
            <tr key={p.name}>
              <td>
                Pod <span className="font-mono">{p.name}</span>
              </td>
              <td className={p.ready ? 'text-green-700' : 'text-amber-700'}>
                {p.phase}
                {p.ready ? ', ready' : ', not ready'}
              </td>
            </tr>
          ))}
          {objects.claims?.map((c) => (
            <tr key={c.name}>
              <td>
                Volume claim <span className="font-mono">{c.name}</span>
              </td>
              <td>
                {c.phase}
                {c.capacity ? `, ${c.capacity}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-left">
        <caption className="text-left font-semibold">Quota</caption>
        <thead>
          <tr className="text-slate-500">
            <th scope="col">Resource</th>
            <th scope="col">Used</th>
            <th scope="col">Hard</th>
          </tr>
        </thead>
        <tbody>
          {objects.quota?.map((q) => (
            <tr key={q.resource}>
              <td className="font-mono">{q.resource}</td>
              <td>{q.used}</td>
              <td>{q.hard}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
