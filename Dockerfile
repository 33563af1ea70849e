# cchc-bot in a container: `docker compose up -d` (compose.yaml), settings in .env.
# The source tree is installed in place (pip -e): the shipped plan, catalogue and Vietnamese
# catalogue are read from data/ and locale/ beside the code.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib

RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin cchc \
    && install -d -o cchc -g cchc -m 0700 /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY domain ./domain
COPY services ./services
COPY storage ./storage
COPY telegram_emulator ./telegram_emulator
COPY data ./data
COPY locale ./locale
# EXTRAS=[s3] for kept files in an S3-compatible bucket (docs/files.md)
ARG EXTRAS=""
RUN pip install -e ".${EXTRAS}" && python -m compileall -q bot domain services storage

USER cchc
# The database, its backups and the evidence files: keep this volume, back it up.
ENV CCHC_DB_PATH=/data/cchc.sqlite3 \
    CCHC_WEBHOOK_LISTEN=0.0.0.0:8080
VOLUME ["/data"]
# Webhook mode only (CCHC_WEBHOOK_URL set): updates, /healthz and /metrics.
EXPOSE 8080
# Asks GET /healthz in webhook mode; in polling mode there is no listener and it passes.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.server.probe"]
ENTRYPOINT ["cchc-bot"]
CMD ["run"]
