import { Hono } from 'hono'
import { verifyRequest, type Verifier } from 'verify-access-token'

export function createApp(verify: Verifier) {
  return new Hono().get('/orders', async (c) => {
    const result = await verifyRequest(c.req.raw, verify, { scopes: 'read:orders', realm: 'orders' })
    return result.ok ? c.json({ sub: result.claims.sub }) : result.response
  })
}
