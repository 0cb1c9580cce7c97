-- Single sign-on through an OpenID Connect provider: the logins under way (each `state` works
-- once, bound to the browser that started it), and how each session was authenticated.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY NOT NULL,
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);

-- 'password' or 'oidc'.
ALTER TABLE sessions ADD COLUMN login_method TEXT NOT NULL DEFAULT 'password';
-- The provider's ID token of an 'oidc' session: the hint for its RP-initiated logout.
ALTER TABLE sessions ADD COLUMN id_token TEXT;
