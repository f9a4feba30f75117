// React's encoder of server-action arguments, as Next ships it (used by e2e/isolation-actions.spec.ts
// to call actions exactly as the browser does).
declare module 'next/dist/compiled/react-server-dom-webpack/client.node.js' {
  export function encodeReply(value: unknown): Promise<FormData | string>
}
