"""Plumbing shared by the LLM engines (`openai`, `local`), one concern per module.

- `extractor`: the shared Extractor (prompt, chunks, cache, re-asks, lenient last parse).
- `response_model`: the instructor response model, with grounding as validation.
- `parsing`: lenient parsing of a raw completion after the last re-ask.
- `calllog`: every attempt recorded as an `LLMCall`, in one place (transport / wrapper).
- `retry`: HTTP retries for 429, 5xx and timeouts (an httpx transport).
- `cache`: cache keys and lookup.
- `chunking`: paragraph chunks for long articles, and merging their claims.
- `pricing`: the optional price table.
- `cassette`: record / replay of HTTP exchanges.
- `modes`: structured-output modes and how servers refuse them.
- `secrets`: redaction of API keys.
- `options`: typed reading of engine options.
"""
