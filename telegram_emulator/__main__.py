"""`python -m telegram_emulator`: the emulator on its own, for demos and the benchmarks."""

from __future__ import annotations

import argparse
import asyncio
import signal

from telegram_emulator.server import BotApiEmulator


async def _serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(args.token, host=args.host, port=args.port, bot_username=args.username)
    await emu.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # one parseable line: benchmarks wait for it before starting the bot
    print(
        f"Bot API emulator ready: base_url={emu.base_url} base_file_url={emu.base_file_url} "
        f"control={emu.control_url} token={emu.token}",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Telegram Bot API emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--username", default="cchc_test_bot", help="the bot's @username")
    asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
