"""The `learned` engine: a sentence classifier trained by `claimdesk train` decides which of
the rules engine's candidates are claims (see `engine`, `units`, `model_dir`)."""
