-- Projects, their model configs (secrets only as ciphertexts), sessions with their messages and per-turn usage, and the
-- store's own values (the master key check). The same shape as the SQLite schema, in PostgreSQL's types.

CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE projects (
    id               text        PRIMARY KEY,
    name             text        NOT NULL,
    -- SHA-256 (hex) of the project API key: the key itself is shown once and never stored.
    api_key_hash     text        NOT NULL CONSTRAINT projects_api_key_hash_unique UNIQUE,
    -- The project's data key, wrapped by the master key.
    wrapped_data_key text        NOT NULL,
    created_at       timestamptz NOT NULL,
    -- Insertion order, to break ties between rows created in the same millisecond (SQLite's rowid does this there).
    insert_order     bigint      NOT NULL GENERATED ALWAYS AS IDENTITY
);

-- Names are unique ignoring case; lookups use the same lower(name), so they agree with the index whatever the locale.
CREATE UNIQUE INDEX projects_name_unique ON projects (lower(name));

CREATE TABLE model_configs (
    id                text        PRIMARY KEY,
    project_id        text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider          text        NOT NULL,
    model             text        NOT NULL,
    api_host          text,
    -- Non-secret extras and headers as JSON objects; the secret extras are in encrypted_extras, field -> ciphertext.
    extras            jsonb       NOT NULL DEFAULT '{}',
    encrypted_api_key text,
    encrypted_extras  jsonb       NOT NULL DEFAULT '{}',
    headers           jsonb       NOT NULL DEFAULT '{}',
    proxy             text,
    is_default        boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- Insertion order, to break ties between configs added in the same millisecond.
    insert_order      bigint      NOT NULL GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX model_configs_by_project ON model_configs (project_id, created_at, insert_order);

-- At most one default per project, whatever a buggy writer does; the store keeps "at least one".
CREATE UNIQUE INDEX model_configs_one_default ON model_configs (project_id) WHERE is_default;

CREATE TABLE sessions (
    id            text        PRIMARY KEY,
    project_id    text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title         text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    message_count integer     NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    -- The optimistic-concurrency token: every stored turn increments it.
    version       bigint      NOT NULL DEFAULT 0
);

-- Session lists read a project's sessions newest-updated first; expiry scans by age across projects.
CREATE INDEX sessions_by_project_updated ON sessions (project_id, updated_at DESC, id DESC);
CREATE INDEX sessions_by_updated ON sessions (updated_at);

CREATE TABLE session_messages (
    session_id text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    sequence   bigint      NOT NULL CHECK (sequence > 0),
    role       text        NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    text       text,
    -- text, not jsonb: the payload must come back exactly as it was given.
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, sequence)
);

CREATE TABLE session_turns (
    session_id    text        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- The session version this turn produced.
    turn          bigint      NOT NULL CHECK (turn > 0),
    provider      text        NOT NULL,
    model         text        NOT NULL,
    input_tokens  bigint      NOT NULL,
    output_tokens bigint      NOT NULL,
    total_tokens  bigint      NOT NULL,
    duration      interval    NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (session_id, turn)
);
