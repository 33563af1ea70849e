"""The ward's copies of complaint photos and their personal-data rules, on both stores (a folder,
and an S3 server started by the tests): kept without metadata, deleted on the citizen's request,
by the retention job when their time is up, and swept when their complaint holds no photo."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pydantic import SecretStr

from domain.access import Actor
from domain.complaints import Draft, Outcome, as_document
from services.complaint_files import complaint_folder, keep_complaint_photos
from services.complaints import act, shipped_rules, submit
from services.evidence import FetchError
from services.privacy import daily_retention, erase_my_data
from storage.filestore import FileStore, LocalFileStore
from storage.s3store import S3FileStore
from storage.store import Store
from tests.auxil.s3server import ACCESS_KEY, SECRET_KEY, S3Server
from tests.integration.services.citizens_world import (
    ADMINS,
    CITIZEN_ID,
    NOW,
    OTHER_CITIZEN_ID,
    join,
    opened_store,
    vietnamese,
)

GPS_IFD = 0x8825


def photo_with_gps(fmt: str = "JPEG") -> bytes:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 46.0, 1.0)})
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


class Photos:
    """A FileFetcher answering from a dict (what Telegram would send); unknown ids fail."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    async def fetch(self, file_id: str) -> bytes:
        if file_id not in self.files:
            raise FetchError("file not found")
        return self.files[file_id]


@pytest.fixture(params=["local", "s3"])
def files(request: pytest.FixtureRequest, tmp_path: Path) -> FileStore:
    if request.param == "local":
        return LocalFileStore(tmp_path / "files", "kien-hung")
    server: S3Server = request.getfixturevalue("s3")
    return S3FileStore(
        server.new_bucket(),
        "cchc/",
        "kien-hung",
        endpoint_url=server.endpoint_url,
        access_key_id=ACCESS_KEY,
        secret_access_key=SecretStr(SECRET_KEY),
    )


async def complaint(store: Store, files: FileStore, citizen: int, photo_id: str) -> str:
    draft = Draft("Ngõ 5 bị lấn chiếm vỉa hè", "datdai", photos=(photo_id,))
    result = await submit(store, shipped_rules(), vietnamese(), draft, citizen, NOW, admins=ADMINS)
    assert result.outcome is Outcome.DONE
    fetcher = Photos({photo_id: photo_with_gps(), "fix": photo_with_gps()})
    assert await keep_complaint_photos(fetcher, files, result.code, [photo_id]) == 1
    return result.code


async def close(store: Store, code: str, official: Actor, at: datetime) -> None:
    outcome = await act(store, vietnamese(), code, official, "close", at, "Đã xử lý", fix_photo="f")
    assert outcome is Outcome.DONE


async def test_files_complaint_photos_are_kept_without_their_gps_position(
    files: FileStore,
) -> None:
    fetcher = Photos({"a": photo_with_gps(), "b": photo_with_gps("PNG"), "c": b"%PDF"})
    attachments = ["a", as_document("b"), as_document("c"), "missing"]
    assert await keep_complaint_photos(fetcher, files, "PA-2506-0001", attachments) == 3
    keys = files.list_keys(complaint_folder("PA-2506-0001"))
    assert sorted(k.rsplit(".", 1)[1] for k in keys) == ["bin", "jpg", "png"]
    for key in keys:
        data = files.read(key)
        assert data is not None
        if not key.endswith(".bin"):
            with Image.open(io.BytesIO(data)) as image:
                assert not image.getexif().get_ifd(GPS_IFD)


async def test_files_deletion_and_retention_remove_the_copies_of_that_complaint_only(
    files: FileStore, tmp_path: Path
) -> None:
    async with opened_store(tmp_path) as store:
        official = await join(store, 2001, "TP")
        mine = await complaint(store, files, CITIZEN_ID, "mine")
        old = await complaint(store, files, OTHER_CITIZEN_ID, "old")
        recent = await complaint(store, files, OTHER_CITIZEN_ID, "recent")
        await close(store, mine, official, NOW)
        await close(store, old, official, NOW)
        await close(store, recent, official, NOW + timedelta(days=700))

        # The citizen's own request: their closed complaint's copies go at once.
        erased = await erase_my_data(store, CITIZEN_ID, True, NOW + timedelta(days=1), files)
        assert erased.complaints == 1 and erased.files == 1
        assert files.list_keys(complaint_folder(mine)) == []
        assert files.list_keys(complaint_folder(old)) and files.list_keys(complaint_folder(recent))

        # A copy left by a deletion that failed (the complaint holds no photo any more), and one
        # of a complaint that does not exist: swept by the daily job.
        files.put_bytes(f"{complaint_folder(mine)}left.jpg", b"x")
        files.put_bytes("complaints/PA-2401-0009/x.jpg", b"x")
        evidence = files.put_bytes("evidence/2.3c/2025-Q2/a.pdf", b"%PDF")

        later = NOW + timedelta(days=25 * 31)  # 25 months on: `old` is past 24, `recent` not
        purged = await daily_retention(store, tmp_path / "cchc.sqlite3", files, 24, later)
        assert purged.complaints == 1 and purged.files == 3
        assert files.list_keys("complaints/") == files.list_keys(complaint_folder(recent))
        assert files.list_keys("complaints/")
        assert files.key_of(evidence) and files.exists("evidence/2.3c/2025-Q2/a.pdf")
