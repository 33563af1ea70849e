"""Issue 14 (files): with CCHC_FILES_URL=s3://... the kept files live in an S3-compatible bucket
(here moto's server mode, started on a free local port), under the unit's own prefix: an
official's photo evidence is stored there and opens from /lichsu, a citizen's complaint photos
are kept there and go when the citizen deletes their data, and `cchc-bot backup` copies the
objects into its archive, which restores into a plain folder on another machine."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.settings import Settings
from domain.model import Role
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_TP, VN
from tests.auxil.harness import BotHarness
from tests.auxil.processes import cchc_bot
from tests.auxil.s3server import ACCESS_KEY, SECRET_KEY, S3Server, s3_server

GPS_IFD = 0x8825
UNIT = "kien-hung"
PDF = b"%PDF-1.4 quyet dinh cong bo thu tuc"


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture
def bucket(s3: S3Server) -> str:
    return s3.new_bucket()


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator, s3: S3Server, bucket: str) -> Settings:
    """The bot of one unit of a city deployment, its files in the city's bucket."""
    return Settings(
        token=emulator.token,
        api_base_url=emulator.base_url,
        db_path=tmp_path / "cchc.sqlite3",
        files_dir=tmp_path / "files",
        admin_ids=frozenset({ADMIN.id}),
        timezone=VN,
        unit=UNIT,
        files_url=f"s3://{bucket}/cchc-hanoi",
        s3_endpoint_url=s3.endpoint_url,
        s3_access_key_id=ACCESS_KEY,  # type: ignore[arg-type]  # kept secret by Settings
        s3_secret_access_key=SECRET_KEY,  # type: ignore[arg-type]
    )


def s3_env(s3: S3Server, bucket: str) -> dict[str, str]:
    return {
        "CCHC_UNIT": UNIT,
        "CCHC_FILES_URL": f"s3://{bucket}/cchc-hanoi",
        "CCHC_S3_ENDPOINT_URL": s3.endpoint_url,
        "CCHC_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "CCHC_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 46.0, 1.0)})
    out = io.BytesIO()
    Image.new("RGB", (32, 16), "red").save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


async def test_files_an_officials_photo_evidence_is_kept_in_the_bucket_and_opens_from_lichsu(
    bot: BotHarness, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    reply = await bot.say(
        OFFICIAL_TP, photo=photo_with_gps(), caption="/baocao 2.3c dang Đã niêm yết tại bộ phận"
    )
    assert "Đã lưu" in reply or "đã lưu" in reply, reply
    report = await bot.store.reports.last_by(OFFICIAL_TP.id)
    assert report is not None
    [kept] = report.evidence
    prefix = f"cchc-hanoi/units/{UNIT}/evidence/2.3c/2025-Q2/"
    [name] = s3.objects(bucket)
    assert name.startswith(prefix) and name.endswith(".jpg")
    assert kept.local_path == f"s3://{bucket}/{name}"
    assert not (tmp_path / "files").exists()  # nothing on the bot's own disk
    stored = s3.client().get_object(Bucket=bucket, Key=name)["Body"].read()
    with Image.open(io.BytesIO(stored)) as image:  # the ward's copy: no GPS position
        assert not image.getexif().get_ifd(GPS_IFD) and image.size == (32, 16)

    # The leader opens it from /lichsu: the bytes sent are the bucket's copy.
    assert "📎 1 tệp" in await bot.say(LEADER, "/lichsu 2.3c")
    [label] = [b for b in bot.buttons(LEADER) if b.startswith("📎 2.3c")]
    sent = await bot.click(LEADER, label)
    assert "nhiệm vụ 2.3c (quý II/2025) · Phạm Tư Pháp" in sent
    photo = bot.replies(LEADER)[-1]["photo"][-1]
    assert bot.emulator.file_bytes(photo["file_id"]) == stored

    # The bucket's copy gone (deleted by hand): Telegram's copy is sent instead, no error.
    s3.client().delete_object(Bucket=bucket, Key=name)
    sent = await bot.click(LEADER, label)
    assert "nhiệm vụ 2.3c" in sent and "photo" in bot.replies(LEADER)[-1]


async def test_files_a_citizens_data_deletion_removes_their_objects_and_no_other_units(
    bot: BotHarness, s3: S3Server, bucket: str
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    # Another unit's bot keeps a file under the same key in the same bucket.
    s3.client().put_object(
        Bucket=bucket, Key="cchc-hanoi/units/phu-luong/complaints/PA-2506-0001/x.jpg", Body=b"x"
    )
    await bot.say(CITIZEN, "/phananh")
    await bot.say(CITIZEN, "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, xin xử lý.")
    await bot.say(CITIZEN, photo=photo_with_gps())
    await bot.click(CITIZEN, "Tiếp tục ➡️")
    await bot.click(CITIZEN, next(b for b in bot.buttons(CITIZEN) if b.startswith("✅ ")))
    sent = await bot.click(CITIZEN, "✅ Gửi")
    code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
    ours = f"cchc-hanoi/units/{UNIT}/complaints/{code}/"
    assert len(s3.objects(bucket, ours)) == 1
    # Closed with a photo of the fix: kept beside the citizen's.
    await bot.say(OFFICIAL_TP, f"/xuly {code}")
    await bot.click(OFFICIAL_TP, "✅ Trả lời, kết thúc")
    await bot.say(OFFICIAL_TP, photo=photo_with_gps(), caption="Đã nạo vét xong, hết ngập.")
    assert "người dân đã được báo" in await bot.click(OFFICIAL_TP, "✅ Đồng ý kết thúc")
    assert len(s3.objects(bucket, ours)) == 2

    await bot.say(CITIZEN, "/dulieucuatoi")
    await bot.click(CITIZEN, "🗑 Xoá dữ liệu của tôi")
    assert "đã được xoá" in await bot.click(CITIZEN, "🗑 Có, xoá")
    assert s3.objects(bucket, ours) == []
    assert s3.objects(bucket) == ["cchc-hanoi/units/phu-luong/complaints/PA-2506-0001/x.jpg"]


async def test_files_a_backup_copies_the_objects_and_restores_into_a_folder(
    bot: BotHarness, s3: S3Server, bucket: str, tmp_path: Path
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(
        OFFICIAL_TP,
        document=("QĐ công bố TTHC.pdf", PDF, "application/pdf"),
        caption="/baocao 2.3c dang Đã số hóa 40 hồ sơ, kèm quyết định",
    )
    env = {"CCHC_DB_PATH": str(bot.store.db.path), **s3_env(s3, bucket)}
    out = tmp_path / "saved"
    out.mkdir()
    result = cchc_bot(tmp_path, "backup", str(out), **env)
    assert result.returncode == 0, result.stderr
    assert "1 kept files" in result.stdout and SECRET_KEY not in result.stdout + result.stderr
    [archive] = list(out.iterdir())
    with tarfile.open(archive) as tar:
        [name] = [n for n in tar.getnames() if n.startswith("files/")]
    assert name.startswith("files/evidence/2.3c/2025-Q2/")  # the unit's own keys

    # Restored on a machine without the bucket: a plain folder.
    elsewhere = tmp_path / "elsewhere"
    result = cchc_bot(
        tmp_path,
        "restore",
        str(archive),
        CCHC_DB_PATH=str(elsewhere / "cchc.sqlite3"),
        CCHC_FILES_DIR=str(elsewhere / "files"),
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(elsewhere / "cchc.sqlite3") as connection:
        [(local,)] = connection.execute("SELECT local_path FROM report_evidence").fetchall()
    assert local == str(elsewhere / "files" / name.removeprefix("files/"))
    assert Path(local).read_bytes() == PDF  # noqa: ASYNC240 - a test reading a small file
