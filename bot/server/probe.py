"""`python -m bot.server.probe`: the container's HEALTHCHECK. Exit 0 when healthy.

In webhook mode it asks the listener's GET /healthz (CCHC_WEBHOOK_LISTEN; a wildcard address
is asked on loopback). In polling mode there is no listener: it checks nothing and says so.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.server import HEALTH_PATH
from bot.settings import SettingsError, load_settings

LOOPBACK = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def health_url(host: str, port: int) -> str:
    host = LOOPBACK.get(host, host)
    return f"http://{f'[{host}]' if ':' in host else host}:{port}{HEALTH_PATH}"


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"probe: {error}", file=sys.stderr)
        return 1
    if not settings.webhook_url:
        print("probe: polling mode, no listener to ask")
        return 0
    url = health_url(*settings.webhook_listen)
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read(500).decode(errors="replace")
            print(f"probe: {url}: {response.status} {body}")
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(f"probe: {url}: {error.code} {error.read(500).decode(errors='replace')}")
    except OSError as error:
        print(f"probe: {url}: {error}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
