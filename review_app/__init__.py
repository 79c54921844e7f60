"""The Streamlit review app: thin pages over extraction.review."""
