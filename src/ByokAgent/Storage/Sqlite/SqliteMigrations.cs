namespace ByokAgent.Storage.Sqlite;

/// <summary>The SQLite schema, one script per version. Released scripts never change: a change is a new version.</summary>
/// <remarks>
/// Tables are STRICT (types are enforced, as PostgreSQL would) and times are Unix milliseconds (sortable integers).
/// Wrapped data keys and ciphertexts are text in the <c>v1:</c> format of the secret protector.
/// </remarks>
internal static class SqliteMigrations
{
    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "projects, model configs, sessions and messages", """
            CREATE TABLE meta (
                key   TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) STRICT;

            CREATE TABLE projects (
                id               TEXT PRIMARY KEY,
                name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
                api_key_hash     TEXT NOT NULL UNIQUE,
                wrapped_data_key TEXT NOT NULL,
                created_at       INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE model_configs (
                id                TEXT PRIMARY KEY,
                project_id        TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                provider          TEXT NOT NULL,
                model             TEXT NOT NULL,
                api_host          TEXT,
                extras            TEXT NOT NULL DEFAULT '{}',
                encrypted_api_key TEXT,
                encrypted_extras  TEXT NOT NULL DEFAULT '{}',
                headers           TEXT NOT NULL DEFAULT '{}',
                proxy             TEXT,
                is_default        INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
                created_at        INTEGER NOT NULL,
                updated_at        INTEGER NOT NULL
            ) STRICT;

            CREATE INDEX ix_model_configs_project ON model_configs (project_id, created_at);

            -- At most one default per project, whatever a buggy writer does; the store keeps "at least one".
            CREATE UNIQUE INDEX ux_model_configs_default ON model_configs (project_id) WHERE is_default = 1;

            CREATE TABLE sessions (
                id            TEXT PRIMARY KEY,
                project_id    TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                title         TEXT,
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL,
                message_count INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
                version       INTEGER NOT NULL DEFAULT 0
            ) STRICT;

            CREATE INDEX ix_sessions_project ON sessions (project_id);

            CREATE TABLE session_messages (
                session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                sequence   INTEGER NOT NULL CHECK (sequence > 0),
                role       TEXT NOT NULL CHECK (length(role) > 0),
                text       TEXT,
                payload    TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (session_id, sequence)
            ) STRICT, WITHOUT ROWID;
            """),

        new(2, "per-turn usage; indexes for session lists and idle expiry", """
            CREATE TABLE session_turns (
                session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
                turn          INTEGER NOT NULL CHECK (turn > 0),
                provider      TEXT NOT NULL,
                model         TEXT NOT NULL,
                input_tokens  INTEGER NOT NULL,
                output_tokens INTEGER NOT NULL,
                total_tokens  INTEGER NOT NULL,
                duration_us   INTEGER NOT NULL,
                created_at    INTEGER NOT NULL,
                PRIMARY KEY (session_id, turn)
            ) STRICT, WITHOUT ROWID;

            -- Session lists read a project's sessions newest-updated first; expiry scans by age across projects.
            DROP INDEX ix_sessions_project;
            CREATE INDEX ix_sessions_project_updated ON sessions (project_id, updated_at DESC);
            CREATE INDEX ix_sessions_updated ON sessions (updated_at);
            """),

        new(3, "model config status: validated, or marked invalid when the key fails", """
            ALTER TABLE model_configs ADD COLUMN status TEXT CHECK (status IN ('valid', 'invalid'));
            ALTER TABLE model_configs ADD COLUMN status_message TEXT;
            """),

        new(4, "cached input tokens; a project usage ledger that outlives its sessions", """
            ALTER TABLE session_turns ADD COLUMN cached_input_tokens INTEGER NOT NULL DEFAULT 0;

            -- What a project spent stays counted (reports, budgets) when its sessions are deleted or expire: no session FK.
            CREATE TABLE usage_records (
                project_id          TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                session_id          TEXT NOT NULL,
                turn                INTEGER NOT NULL CHECK (turn > 0),
                provider            TEXT NOT NULL,
                model               TEXT NOT NULL,
                input_tokens        INTEGER NOT NULL,
                output_tokens       INTEGER NOT NULL,
                cached_input_tokens INTEGER NOT NULL DEFAULT 0,
                total_tokens        INTEGER NOT NULL,
                created_at          INTEGER NOT NULL,
                PRIMARY KEY (session_id, turn)
            ) STRICT, WITHOUT ROWID;

            CREATE INDEX ix_usage_records_project_created ON usage_records (project_id, created_at);

            INSERT INTO usage_records (project_id, session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, created_at)
            SELECT s.project_id, t.session_id, t.turn, t.provider, t.model, t.input_tokens, t.output_tokens, 0, t.total_tokens, t.created_at
            FROM session_turns t JOIN sessions s ON s.id = t.session_id;
            """),
    ];
}
