"""JSON API surface (FastAPI): the same service layer as the CLI, one owner per server."""
