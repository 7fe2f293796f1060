"""The HTTP server: the built site at / and the JSON API at /api/v1/, one Starlette app under uvicorn."""
