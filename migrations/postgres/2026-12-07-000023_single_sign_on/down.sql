ALTER TABLE sessions DROP COLUMN id_token;
ALTER TABLE sessions DROP COLUMN login_method;
DROP TABLE oidc_logins;
