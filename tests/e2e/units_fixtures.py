"""Two units (wards) in one deployment, for the tests of issue 14: a units file as `units add`
writes it, test-only copies of the shipped plan and catalogue, and the emulator serving both
bots' tokens."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import Settings
from domain.datafiles.plan import SHIPPED_PLAN
from domain.datafiles.procedures import SHIPPED_CATALOGUE
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import ADMIN, VN

A, B = "kien-hung", "ha-dong"
WARD_A, WARD_B = "phường Kiến Hưng", "phường Hà Đông"
TOKEN_B = "7000002:UNIT-B-TOKEN-hadong"
ADMIN_B = ChatUser(id=9101, first_name="Quản trị", last_name="Hà Đông")
# Unit B's own counter for birth registration (its catalogue file overrides the shared one).
WHERE_B = "[THỬ NGHIỆM] Quầy số 3, Trung tâm Phục vụ hành chính công phường Hà Đông"
PLAN_B_SLUG = "ha-dong-thu-nghiem-2021-2025"
PLAN_B_TITLE_START = "Bản thử nghiệm, không phải kế hoạch thật -"


def unit_b_files(folder: Path) -> tuple[Path, Path]:
    """B's plan (the shipped plan under another slug and title: a test copy, marked so) and
    B's catalogue override (the shipped birth registration with another counter)."""
    plan = folder / "ha-dong-plan.yaml"
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    text = text.replace("slug: phu-la-2021-2025", f"slug: {PLAN_B_SLUG}", 1)
    text = text.replace("title: Kế hoạch", f"title: {PLAN_B_TITLE_START} Kế hoạch", 1)
    plan.write_text(text, encoding="utf-8")
    shipped = yaml.safe_load(SHIPPED_CATALOGUE.read_text(encoding="utf-8"))
    birth = next(p for p in shipped["procedures"] if p["code"] == "khai_sinh")
    birth["where"] = WHERE_B
    override = {
        "catalogue": {"title": "Thủ tục riêng của phường Hà Đông (thử nghiệm)", "checked": "x"},
        "procedures": [birth],
    }
    catalogue = folder / "ha-dong-procedures.yaml"
    dumped = yaml.safe_dump(override, allow_unicode=True, sort_keys=False)
    checked = shipped["catalogue"]["checked"]
    catalogue.write_text(dumped.replace("checked: x", f"checked: {checked}"), encoding="utf-8")
    return plan, catalogue


def write_units_file(folder: Path, emulator: BotApiEmulator) -> Path:
    """The units file with both units, as `cchc-bot units add` writes it."""
    plan_b, catalogue_b = unit_b_files(folder)
    path = folder / "units.yaml"
    path.write_text(
        "units:\n"
        f"  - code: {A}\n"
        f'    name: "{WARD_A}"\n'
        f'    token: "{emulator.token}"\n'
        f'    plan: "{SHIPPED_PLAN}"\n'
        f"    admins: [{ADMIN.id}]\n"
        f"  - code: {B}\n"
        f'    name: "{WARD_B}"\n'
        f'    token: "{TOKEN_B}"\n'
        f'    plan: "{plan_b.name}"\n'
        f"    admins: [{ADMIN_B.id}]\n"
        f'    catalogue: "{catalogue_b.name}"\n',
        encoding="utf-8",
    )
    return path


def deployment_settings(folder: Path, emulator: BotApiEmulator, **changes: object) -> Settings:
    values: dict[str, object] = {
        "api_base_url": emulator.base_url,
        "db_path": folder / "var" / "cchc.sqlite3",
        "files_dir": folder / "var" / "files",
        "timezone": VN,
        "api_rate": 0.0,
        "units_file": write_units_file(folder, emulator),
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]
