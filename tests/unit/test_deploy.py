"""The deployment files (issue 12 item 2) agree with the code: the commands they run exist, the
paths they name are the ones the bot uses, the health check asks the listener's real page.

Docker is not run here; systemd-analyze verify is, when the machine has it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path, PurePosixPath

import pytest
import yaml

from bot import cli
from bot.server import HEALTH_PATH
from bot.server.probe import health_url
from bot.settings import load_settings
from services.backups import backup_folder
from storage.backup import BACKUP_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ("cchc-bot.service", "cchc-bot-backup.service", "cchc-bot-backup.timer")
HARDENING = {
    "DynamicUser": "yes",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "UMask": "0077",
    "CapabilityBoundingSet": "",
    "SystemCallFilter": "@system-service",
}


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit file: section -> key -> every value given (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in (DEPLOY / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def one(section: dict[str, list[str]], key: str) -> str:
    [value] = section[key]
    return value


def environment(service: dict[str, list[str]]) -> dict[str, str]:
    return dict(v.split("=", 1) for v in service.get("Environment", []))


def install_sh(variable: str) -> str:
    match = re.search(rf"^{variable}=(.*)$", (DEPLOY / "install.sh").read_text(), re.M)
    assert match, variable
    return match.group(1).strip('"')


def cli_command(argv: list[str]) -> object:
    """What `cchc-bot <argv>` runs (the parser's function for that sub-command)."""
    return cli._parser().parse_args(argv).run


def dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def docker(instruction: str) -> list[str]:
    return [args for name, args in dockerfile() if name == instruction]


def docker_env() -> dict[str, str]:
    found: dict[str, str] = {}
    for args in docker("ENV"):
        found.update(item.split("=", 1) for item in shlex.split(args))
    return found


# --- systemd -------------------------------------------------------------------------------------
def test_the_service_runs_cchc_bot_run_from_the_installed_venv() -> None:
    service = unit("cchc-bot.service")["Service"]
    argv = shlex.split(one(service, "ExecStart"))
    executable = PurePosixPath(argv[0])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert executable.name in scripts
    assert executable == PurePosixPath(install_sh("HOME_DIR"), ".venv", "bin", executable.name)
    assert cli_command(argv[1:]) is cli._run


def test_the_service_is_hardened_and_logs_to_the_journal() -> None:
    service = unit("cchc-bot.service")["Service"]
    for key, value in HARDENING.items():
        assert one(service, key) == value, key
    assert set(one(service, "RestrictAddressFamilies").split()) == {
        "AF_INET",
        "AF_INET6",
        "AF_UNIX",
    }
    assert one(service, "StandardOutput") == one(service, "StandardError") == "journal"
    assert one(service, "Restart") == "on-failure"
    # cli.main: a wrong setting (2); cli.run_polling: Telegram answered 409, another bot polls (3)
    assert one(service, "RestartPreventExitStatus") == "2 3"


def test_the_data_lives_in_the_state_directory_the_service_may_write() -> None:
    for name in ("cchc-bot.service", "cchc-bot-backup.service"):
        service = unit(name)["Service"]
        state = PurePosixPath("/var/lib", one(service, "StateDirectory"))
        db_path = PurePosixPath(environment(service)["CCHC_DB_PATH"])
        assert db_path.parent == state
        assert str(state) in one(service, "ReadWritePaths").split()
        assert one(service, "WorkingDirectory") == str(state)
        assert one(service, "EnvironmentFile") == install_sh("ENV_FILE")
        assert one(service, "User") == "cchc-bot"  # the same dynamic user: the same files


def test_the_settings_template_loads_and_leaves_the_database_to_the_unit(tmp_path: Path) -> None:
    template = (DEPLOY / "cchc-bot.env").read_text()
    assert "CCHC_DB_PATH" not in template  # it would override the unit's Environment=
    filled = tmp_path / "cchc-bot.env"
    filled.write_text(
        template.replace("TELEGRAM_BOT_TOKEN=", "TELEGRAM_BOT_TOKEN=123456:ABCDEFGHIJ")
    )
    settings = load_settings({}, env_file=filled)
    assert settings.backup_keep == 0  # the timer makes the nightly copies
    assert settings.webhook_url is None  # polling unless the officer sets a URL


def test_the_backup_timer_runs_cchc_bot_backup_and_keeps_two_weeks() -> None:
    timer = unit("cchc-bot-backup.timer")
    target = one(timer["Timer"], "Unit")
    assert (DEPLOY / target).is_file()
    assert one(timer["Timer"], "Persistent") == "true"
    assert one(timer["Install"], "WantedBy") == "timers.target"
    service = unit(target)["Service"]
    assert one(service, "Type") == "oneshot"
    argv = shlex.split(one(service, "ExecStart"))
    assert argv[0] == one(unit("cchc-bot.service")["Service"], "ExecStart").split()[0]
    assert cli_command(argv[1:]) is cli._backup
    prune = shlex.split(one(service, "ExecStartPost"))
    db_path = Path(environment(service)["CCHC_DB_PATH"])
    assert prune[:2] == ["/usr/bin/find", str(backup_folder(db_path))]
    assert prune[prune.index("-name") + 1] == f"cchc-*{BACKUP_SUFFIX}"  # default_backup_name
    for key, value in HARDENING.items():
        assert one(service, key) == value, key


def test_install_sh_installs_every_unit_and_is_valid_sh() -> None:
    assert install_sh("UNITS").split() == list(UNITS)
    subprocess.run(["sh", "-n", str(DEPLOY / "install.sh")], check=True)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    # The installed paths do not exist on this machine: point them at this checkout.
    venv_bin = Path(shutil.which("cchc-bot") or ROOT / ".venv" / "bin" / "cchc-bot")
    if not venv_bin.exists():
        pytest.skip("cchc-bot is not installed in this environment")
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        text = text.replace(install_sh("HOME_DIR") + "/.venv/bin/cchc-bot", str(venv_bin))
        text = text.replace(install_sh("ENV_FILE"), str(DEPLOY / "cchc-bot.env"))
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "cchc-bot" not in done.stderr, done.stderr  # no warning about our units either


# --- Docker --------------------------------------------------------------------------------------
def test_the_image_runs_cchc_bot_run_as_a_user_with_its_data_in_the_volume() -> None:
    [base] = docker("FROM")
    assert base == "python:3.11-slim"
    [user] = docker("USER")
    assert user not in ("root", "0")
    [entrypoint] = docker("ENTRYPOINT")
    [command] = docker("CMD")
    argv = [*yaml.safe_load(entrypoint), *yaml.safe_load(command)]
    assert argv[0] == "cchc-bot"
    assert cli_command(argv[1:]) is cli._run
    [volume] = docker("VOLUME")
    assert yaml.safe_load(volume) == [str(PurePosixPath(docker_env()["CCHC_DB_PATH"]).parent)]
    for args in docker("COPY"):
        for source in shlex.split(args)[:-1]:
            assert (ROOT / source).exists(), source


def test_the_image_health_check_asks_the_listeners_healthz() -> None:
    [healthcheck] = docker("HEALTHCHECK")
    argv = yaml.safe_load(healthcheck.split("CMD", 1)[1].strip())
    assert argv[:3] == ["python", "-m", "bot.server.probe"]
    listen = docker_env()["CCHC_WEBHOOK_LISTEN"]
    host, port = listen.rsplit(":", 1)
    [exposed] = docker("EXPOSE")
    assert exposed == port
    assert health_url(host, int(port)) == f"http://127.0.0.1:{port}{HEALTH_PATH}"
    assert health_url("::", 8080) == f"http://[::1]:8080{HEALTH_PATH}"


def test_secrets_and_local_data_stay_out_of_the_image() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", "var/", ".venv/", ".git/"):
        assert entry in ignored


def test_compose_runs_the_image_with_the_volume_and_the_listener() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot = compose["services"]["bot"]
    assert (ROOT / bot["build"] / "Dockerfile").is_file()
    [volume] = bot["volumes"]
    name, target = volume.split(":")
    assert name in compose["volumes"]
    [image_volume] = yaml.safe_load(docker("VOLUME")[0])
    assert target == image_volume
    assert PurePosixPath(bot["environment"]["CCHC_DB_PATH"]).parent == PurePosixPath(target)
    listen_port = bot["environment"]["CCHC_WEBHOOK_LISTEN"].rsplit(":", 1)[1]
    [published] = bot["ports"]
    host_ip, _, container_port = published.split(":")
    assert host_ip == "127.0.0.1"  # only the reverse proxy on the machine reaches it
    assert container_port == listen_port
    assert bot["env_file"] == ".env"
    assert bot["read_only"] is True and bot["cap_drop"] == ["ALL"]
    local_api = compose["services"]["telegram-bot-api"]
    assert local_api["profiles"] == ["local-api"]  # off unless asked for
    assert local_api["image"].startswith("aiogram/telegram-bot-api")


def test_the_city_compose_runs_workers_on_postgresql_behind_the_proxy(tmp_path: Path) -> None:
    """deploy/city (issue 14): the workers' settings load as the bot reads them, on PostgreSQL
    with a units file; the database role it creates is one row-level security holds; the proxy
    sends the units' webhook paths to the workers."""
    city = DEPLOY / "city"
    compose = yaml.safe_load((city / "compose.yaml").read_text())
    worker = compose["services"]["worker"]
    env = {k: str(v) for k, v in worker["environment"].items()}
    env["CCHC_DATABASE_URL"] = "postgresql://cchc_app:pw@db:5432/cchc"  # compose fills ${...}
    units = tmp_path / "units.yaml"
    units.write_text("units: []\n")
    env["CCHC_UNITS_FILE"] = str(units)
    # No CCHC_UNIT: each worker serves every unit of the file (it was refused before: the
    # workers would not have started).
    assert "CCHC_UNIT" not in env
    settings = load_settings(env, env_file=None)
    assert settings.on_postgres and settings.units_file == units
    assert settings.webhook_listen == ("0.0.0.0", 8080)
    assert "/files" in [v.split(":")[1] for v in worker["volumes"]]  # kept files shared
    assert worker["depends_on"]["db"]["condition"] == "service_healthy"
    # 126 units x 2 workers needed several hundred connections in bench f.
    assert "max_connections=1000" in compose["services"]["db"]["command"]
    init = (city / "initdb" / "10-cchc.sh").read_text()
    assert "CREATE ROLE cchc_app LOGIN" in init and "SUPERUSER" not in init.split("SQL")[1]
    assert "LC_COLLATE 'C'" in init  # the store refuses another text order
    nginx = (city / "nginx.conf").read_text()
    assert "location /tg/" in nginx and "server worker:8080" in nginx
    assert compose["services"]["proxy"]["ports"] == ["127.0.0.1:8088:8088"]
