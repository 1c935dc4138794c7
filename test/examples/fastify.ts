import Fastify from 'fastify'
import { bearerToken, httpAnswer, type Verifier } from 'verify-access-token'

export function createApp(verify: Verifier) {
  return Fastify().get('/orders', async (request, reply) => {
    const bearer = bearerToken(request.headers.authorization)
    const result = bearer.ok ? await verify(bearer.token, { scopes: 'read:orders' }) : bearer
    if (result.ok) return { sub: result.claims.sub }
    const { status, headers } = httpAnswer(result, { realm: 'orders' })
    return reply.code(status).headers(headers).send()
  })
}
