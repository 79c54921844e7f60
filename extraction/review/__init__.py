"""Human review of extracted claims: state, actions, queue, exports and access policy.

Reviews are append-only rows; a claim's current state is derived from its latest review.
Nothing here calls an LLM. All SQL lives in `extraction.store.reviews`.
"""
