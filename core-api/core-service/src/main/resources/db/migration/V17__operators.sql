-- the people who sign in to the console: admins may change things, viewers only look
CREATE TABLE operators (
    id              uuid PRIMARY KEY,
    username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._@-]{1,64}$'),
    password_hash   text NOT NULL,
    role            text NOT NULL CHECK (role IN ('admin', 'viewer')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    last_sign_in_at timestamptz
);
