import express from 'express'
import { bearerToken, httpAnswer, type Verifier } from 'verify-access-token'

export function createApp(verify: Verifier) {
  return express().get('/orders', async (req, res) => {
    const bearer = bearerToken(req.get('authorization'))
    const result = bearer.ok ? await verify(bearer.token, { scopes: 'read:orders' }) : bearer
    if (result.ok) return res.json({ sub: result.claims.sub })
    const { status, headers } = httpAnswer(result, { realm: 'orders' })
    res.status(status).set(headers).end()
  })
}
