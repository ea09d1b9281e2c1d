# coach: the web app and JSON API for a team (accounts required). Light install: no torch
# (the embedder falls back to hashing until the ONNX one lands; see README "Docker").
# BASE is overridable so the image can be built from a locally made root (see README).
ARG BASE=python:3.11-slim-bookworm
FROM ${BASE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COACH_HOME=/data \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system --gid 10001 coach \
    && useradd --system --uid 10001 --gid coach --home-dir /data --create-home coach

WORKDIR /app
COPY pyproject.toml README.md ./
COPY coach ./coach
# The project itself (its dependencies are bounded in pyproject.toml).
# hadolint ignore=DL3013
RUN python3 -m venv /opt/venv && pip install ".[postgres]"

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8765

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8765/healthz', timeout=4).status == 200 else 1)"]

# Refuses to start until an account exists: docker compose run --rm coach coach user add YOU@EXAMPLE.ORG
CMD ["coach", "serve", "--host", "0.0.0.0", "--port", "8765"]
