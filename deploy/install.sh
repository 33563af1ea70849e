#!/bin/sh
# Install cchc-bot as a systemd service from the checkout in /opt/cchc-bot, as root:
#   sudo /opt/cchc-bot/deploy/install.sh
# It asks for the bot's token and the administrators' ids the first time (or takes them from
# TELEGRAM_BOT_TOKEN and CCHC_ADMIN_IDS), then starts the bot and the nightly backup timer.
# Running it again (after a `git pull`) updates the code and restarts the bot; it keeps the
# settings in /etc/cchc-bot/cchc-bot.env and the data in /var/lib/cchc-bot.
set -eu

HOME_DIR=/opt/cchc-bot
ENV_FILE=/etc/cchc-bot/cchc-bot.env
UNITS="cchc-bot.service cchc-bot-backup.service cchc-bot-backup.timer"

say() { printf 'install.sh: %s\n' "$*"; }
fail() { say "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run it as root: sudo $0"
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$here" = "$HOME_DIR" ] || fail "the code must be in $HOME_DIR (it is in $here): sudo git clone <repository> $HOME_DIR"
command -v systemctl >/dev/null || fail "systemd is needed (Debian 12, Ubuntu 24.04)"

if ! python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "installing python3 and python3-venv"
    apt-get update -q && apt-get install -y -q python3 python3-venv
fi
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "Python 3.11 or newer is needed (Debian 12 and Ubuntu 24.04 have it)"

say "installing the bot into $HOME_DIR/.venv"
[ -x "$HOME_DIR/.venv/bin/python" ] || python3 -m venv "$HOME_DIR/.venv"
"$HOME_DIR/.venv/bin/pip" install --quiet --upgrade pip
"$HOME_DIR/.venv/bin/pip" install --quiet -e "$HOME_DIR"
"$HOME_DIR/.venv/bin/python" -m compileall -q "$HOME_DIR/bot" "$HOME_DIR/domain" \
    "$HOME_DIR/services" "$HOME_DIR/storage"

if [ ! -e "$ENV_FILE" ]; then
    token=${TELEGRAM_BOT_TOKEN:-}
    admins=${CCHC_ADMIN_IDS:-}
    if [ -z "$token" ] && [ -t 0 ]; then
        printf 'The bot token from @BotFather: '; read -r token
    fi
    if [ -z "$admins" ] && [ -t 0 ]; then
        printf 'Telegram ids of the administrators (comma-separated): '; read -r admins
    fi
    case $token in *[!0-9A-Za-z:_-]*) fail "that does not look like a bot token" ;; esac
    case $admins in *[!0-9,\ ]*) fail "administrator ids are digits, comma-separated" ;; esac
    install -d -m 0700 /etc/cchc-bot
    umask 077
    sed -e "s|^TELEGRAM_BOT_TOKEN=.*|TELEGRAM_BOT_TOKEN=$token|" \
        -e "s|^CCHC_ADMIN_IDS=.*|CCHC_ADMIN_IDS=$admins|" \
        "$HOME_DIR/deploy/cchc-bot.env" > "$ENV_FILE"
    chmod 0600 "$ENV_FILE"
    say "settings written to $ENV_FILE"
fi

for unit in $UNITS; do
    install -m 0644 "$HOME_DIR/deploy/$unit" "/etc/systemd/system/$unit"
done
systemctl daemon-reload
systemctl enable --now cchc-bot-backup.timer
if grep -q '^TELEGRAM_BOT_TOKEN=..*' "$ENV_FILE"; then
    systemctl enable cchc-bot.service
    systemctl restart cchc-bot.service
    say "the bot is running: systemctl status cchc-bot; its log: journalctl -u cchc-bot -f"
else
    systemctl enable cchc-bot.service
    say "put the token in $ENV_FILE, then: sudo systemctl start cchc-bot"
fi
