-- tokens of extraction by a language model, per tenant and month (in: sent to the model, out: answered)
ALTER TABLE usage ADD COLUMN llm_input_tokens bigint NOT NULL DEFAULT 0;
ALTER TABLE usage ADD COLUMN llm_output_tokens bigint NOT NULL DEFAULT 0;
