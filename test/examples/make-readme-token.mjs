// Makes the ES256 key and token shown in the README's quick start. Run once; its output is pasted
// into README.md, and test/readme.test.ts checks that the README's example still verifies.
// The private key is test-only and committed beside this file so the token can be re-made.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const keyFile = new URL('./readme-key.json', import.meta.url)
if (!existsSync(keyFile)) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(keyFile, JSON.stringify(privateKey.export({ format: 'jwk' }), null, 2) + '\n')
}
const jwk = JSON.parse(readFileSync(keyFile, 'utf8'))
const privateKey = createPrivateKey({ key: jwk, format: 'jwk' })
const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' })
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
const header = { alg: 'ES256', typ: 'at+jwt', kid: 'readme-key' }
const claims = {
  iss: 'https://auth.example.com/', sub: 'user-123', aud: 'https://api.example.com',
  client_id: 'example-client', scope: 'read:orders write:orders',
  iat: 1767225600, exp: 4102444800, jti: 'readme-example',
}
const input = `${b64(header)}.${b64(claims)}`
const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')
console.log(JSON.stringify({ kty, crv, kid: 'readme-key', use: 'sig', alg: 'ES256', x, y }))
console.log(`${input}.${signature}`)
