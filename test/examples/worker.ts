import { verifyRequest, type Verifier } from 'verify-access-token'

export function createWorker(verify: Verifier) {
  return {
    async fetch(request: Request): Promise<Response> {
      const result = await verifyRequest(request, verify, { scopes: 'read:orders', realm: 'orders' })
      return result.ok ? Response.json({ sub: result.claims.sub }) : result.response
    },
  }
}
