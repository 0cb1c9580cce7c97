// A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider`
// package with one confidential test client, a plain login form, and a test switch that makes the
// token endpoint hand out a tampered ID token (to check that the application refuses it).
//
// Configured by environment:
//   OIDC_PORT                       port to listen on (0: any free port)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET
//   OIDC_REDIRECT_URIS              comma-separated, the application's callback addresses
//   OIDC_POST_LOGOUT_REDIRECT_URIS  comma-separated, where RP-initiated logout may return
//   OIDC_ACCOUNTS                   JSON: [{"login", "password", "claims": {"email", ...}}]
// Prints one JSON line once it listens: {"issuer": "http://127.0.0.1:PORT"}.
//
// Test switch (only on this test provider):
//   POST /__test/mode   body: one of forged, unknown_key, unsigned, wrong_audience, wrong_issuer,
//                       expired, wrong_nonce, replay, or empty for none. The next token responses
//                       carry an ID token changed that way (signed with the provider's own key unless
//                       the mode is about the signature).
//   POST /__test/rotate the provider signs with a new key from now on (new `kid` in its JWKS).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK } from 'jose';

const env = (name, fallback) => process.env[name] ?? fallback;
const list = (raw) => raw.split(',').map((s) => s.trim()).filter(Boolean);

const clientId = env('OIDC_CLIENT_ID', 'restrack');
const clientSecret = env('OIDC_CLIENT_SECRET', 'restrack-test-client-secret');
const redirectUris = list(env('OIDC_REDIRECT_URIS', 'http://127.0.0.1:8080/login/oidc'));
const postLogoutUris = list(env('OIDC_POST_LOGOUT_REDIRECT_URIS', 'http://127.0.0.1:8080/login'));
const accounts = JSON.parse(env('OIDC_ACCOUNTS', '[]'));

let mode = '';
let lastIdToken = null;
let signingKey = null; // { privateJwk, kid }
let handler = null;

async function newKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = randomUUID();
  return { privateJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' }, kid };
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, clientName, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><p>Sign in to continue to ${escape(clientName)}.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label>Login <input name="login" autofocus></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

/** Re-signs `claims` with `header` by the given key. */
async function sign(claims, kid, privateJwk) {
  const key = await importJWK(privateJwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);
}

async function tamper(idToken) {
  const claims = decodeJwt(idToken);
  const { kid } = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'forged': {
      // Another key, presented under the provider's own key id.
      const attacker = await newKey();
      return sign({ ...claims, email: claims.email }, kid, attacker.privateJwk);
    }
    case 'unknown_key': {
      const attacker = await newKey();
      return sign(claims, attacker.kid, attacker.privateJwk);
    }
    case 'unsigned': {
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    }
    case 'wrong_audience':
      return sign({ ...claims, aud: 'another-client', azp: 'another-client' }, kid, signingKey.privateJwk);
    case 'wrong_issuer':
      return sign({ ...claims, iss: 'http://issuer.invalid' }, kid, signingKey.privateJwk);
    case 'expired':
      return sign({ ...claims, iat: now - 7200, exp: now - 3600 }, kid, signingKey.privateJwk);
    case 'wrong_nonce':
      return sign({ ...claims, nonce: randomUUID() }, kid, signingKey.privateJwk);
    case 'replay':
      // An ID token the provider issued earlier, for another login: its nonce is not this one's.
      return lastIdToken ?? idToken;
    default:
      return idToken;
  }
}

function buildProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey.privateJwk] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => {
      const account = accounts.find((a) => a.login === id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['restrack-test-provider-cookie-key'] },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
      const issued = ctx.body.id_token;
      ctx.body = { ...ctx.body, id_token: await tamper(issued) };
      lastIdToken = issued;
    }
  });
  return provider;
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const clientName = details.params.client_id;
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(details.uid, clientName));
  }
  const form = await readForm(req);
  const account = accounts.find((a) => a.login === form.login && a.password === form.password);
  if (!account) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(details.uid, clientName, 'Wrong login or password.'));
  }
  const grant = new provider.Grant({ accountId: account.login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

async function control(req, res) {
  const form = await readForm(req);
  if (req.url === '/__test/mode') mode = (form.mode ?? '').trim();
  if (req.url === '/__test/rotate') {
    signingKey = await newKey();
    handler = await makeHandler(issuerUrl);
  }
  res.writeHead(204);
  res.end();
}

let issuerUrl = '';
async function makeHandler(issuer) {
  const provider = buildProvider(issuer);
  const callback = provider.callback();
  return (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      return interaction(provider, req, res).catch((e) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(e && e.message));
      });
    }
    return callback(req, res);
  };
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url.startsWith('/__test/')) return control(req, res);
  return handler(req, res);
});
server.listen(Number(env('OIDC_PORT', '0')), '127.0.0.1', async () => {
  issuerUrl = `http://127.0.0.1:${server.address().port}`;
  signingKey = await newKey();
  handler = await makeHandler(issuerUrl);
  process.stdout.write(`${JSON.stringify({ issuer: issuerUrl })}\n`);
});
