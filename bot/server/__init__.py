"""The bot's own HTTP listener in webhook mode: updates from Telegram, /healthz, /metrics."""

HEALTH_PATH, METRICS_PATH = "/healthz", "/metrics"
