-- Whether a model config works: 'valid' after a validation passed, 'invalid' after one failed or the provider rejected
-- the key at run time; NULL (unchecked) after any change.
ALTER TABLE model_configs ADD COLUMN status text CHECK (status IN ('valid', 'invalid'));
ALTER TABLE model_configs ADD COLUMN status_message text;
