-- Cached input tokens (read from the provider's prompt cache) per stored turn.
ALTER TABLE session_turns ADD COLUMN cached_input_tokens bigint NOT NULL DEFAULT 0;

-- A project's usage ledger, written with each turn. No session foreign key: what a project spent stays counted
-- (reports, budgets) when its sessions are deleted or expire; it goes with the project.
CREATE TABLE usage_records (
    project_id          text        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    session_id          text        NOT NULL,
    turn                bigint      NOT NULL CHECK (turn > 0),
    provider            text        NOT NULL,
    model               text        NOT NULL,
    input_tokens        bigint      NOT NULL,
    output_tokens       bigint      NOT NULL,
    cached_input_tokens bigint      NOT NULL DEFAULT 0,
    total_tokens        bigint      NOT NULL,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (session_id, turn)
);

CREATE INDEX ix_usage_records_project_created ON usage_records (project_id, created_at);

INSERT INTO usage_records (project_id, session_id, turn, provider, model, input_tokens, output_tokens, cached_input_tokens, total_tokens, created_at)
SELECT s.project_id, t.session_id, t.turn, t.provider, t.model, t.input_tokens, t.output_tokens, 0, t.total_tokens, t.created_at
FROM session_turns t JOIN sessions s ON s.id = t.session_id;
