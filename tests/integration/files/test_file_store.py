"""The file store's contract, run against both stores: the local folder and an S3-compatible
server (moto's server mode on a free local port, started by the tests)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import SecretStr

from storage.filestore import FileStore, FileStoreError, LocalFileStore
from storage.s3store import S3FileStore, parse_s3_url
from tests.auxil.s3server import ACCESS_KEY, SECRET_KEY, S3Server, free_port

MakeStore = Callable[[str], FileStore]


@pytest.fixture(params=["local", "s3"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> MakeStore:
    """A factory of stores of one kind sharing one folder or bucket: make_store(unit)."""
    if request.param == "local":
        return lambda unit: LocalFileStore(tmp_path / "files", unit)
    server: S3Server = request.getfixturevalue("s3")
    bucket = server.new_bucket()
    return lambda unit: S3FileStore(
        bucket,
        "cchc/",
        unit,
        endpoint_url=server.endpoint_url,
        access_key_id=ACCESS_KEY,
        secret_access_key=SecretStr(SECRET_KEY),
    )


def test_a_kept_file_reads_back_and_is_replaced_whole(make_store: MakeStore) -> None:
    store = make_store("")
    location = store.put_bytes("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf", b"%PDF-1.4 one")
    assert store.read("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf") == b"%PDF-1.4 one"
    assert store.exists("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf")
    assert store.key_of(location) == "evidence/2.3c/2025-Q2/AgAD-QĐ.pdf"
    assert store.location("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf") == location
    store.put_bytes("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf", b"two")
    assert store.read("evidence/2.3c/2025-Q2/AgAD-QĐ.pdf") == b"two"
    assert store.list_keys() == ["evidence/2.3c/2025-Q2/AgAD-QĐ.pdf"]  # no partial left behind


def test_a_missing_file_is_none_and_its_delete_says_so(make_store: MakeStore) -> None:
    store = make_store("")
    assert store.read("evidence/x/y.pdf") is None
    assert not store.exists("evidence/x/y.pdf")
    assert store.delete("evidence/x/y.pdf") is False
    store.put_bytes("evidence/x/y.pdf", b"y")
    assert store.delete("evidence/x/y.pdf") is True
    assert store.read("evidence/x/y.pdf") is None and store.list_keys() == []


def test_files_are_listed_and_deleted_by_prefix(make_store: MakeStore, tmp_path: Path) -> None:
    store = make_store("")
    for key in ("complaints/PA-2506-0001/a.jpg", "complaints/PA-2506-0001/b.jpg",
                "complaints/PA-2506-0002/a.jpg", "evidence/2.3c/2025-Q2/c.pdf"):  # fmt: skip
        store.put_bytes(key, key.encode())
    assert store.list_keys("complaints/") == [
        "complaints/PA-2506-0001/a.jpg",
        "complaints/PA-2506-0001/b.jpg",
        "complaints/PA-2506-0002/a.jpg",
    ]
    assert store.list_keys("complaints/PA-2506-0001/") == [
        "complaints/PA-2506-0001/a.jpg",
        "complaints/PA-2506-0001/b.jpg",
    ]
    assert store.list_keys("complaints/PA-2506-000/") == []  # a prefix is whole folders
    assert store.delete_prefix("complaints/PA-2506-0001/") == 2
    assert store.list_keys() == ["complaints/PA-2506-0002/a.jpg", "evidence/2.3c/2025-Q2/c.pdf"]
    with pytest.raises(ValueError):
        store.delete_prefix("")  # never everything at once


@pytest.mark.parametrize(
    "key", ["", "/etc/passwd", "../x.pdf", "evidence/../../x", "evidence//x", "units/other/x"]
)
def test_a_key_outside_the_store_is_refused(make_store: MakeStore, key: str) -> None:
    store = make_store("")
    with pytest.raises(ValueError):
        store.put_bytes(key, b"x")
    with pytest.raises(ValueError):
        store.read(key)


def test_units_sharing_a_folder_or_bucket_never_see_each_others_files(
    make_store: MakeStore,
) -> None:
    ward, kien_hung, phu_luong = make_store(""), make_store("kien-hung"), make_store("phu-luong")
    ward.put_bytes("evidence/1.1/2025-Q2/a.pdf", b"ward")
    kien_hung.put_bytes("evidence/1.1/2025-Q2/a.pdf", b"kien hung")
    phu_luong.put_bytes("complaints/PA-2506-0001/a.jpg", b"phu luong")
    assert kien_hung.read("evidence/1.1/2025-Q2/a.pdf") == b"kien hung"
    assert ward.read("evidence/1.1/2025-Q2/a.pdf") == b"ward"
    assert phu_luong.read("evidence/1.1/2025-Q2/a.pdf") is None
    assert ward.list_keys() == ["evidence/1.1/2025-Q2/a.pdf"]
    assert kien_hung.list_keys() == ["evidence/1.1/2025-Q2/a.pdf"]
    assert phu_luong.list_keys() == ["complaints/PA-2506-0001/a.jpg"]
    # A location recorded by one unit is not another's: it opens nothing there.
    assert phu_luong.key_of(kien_hung.location("evidence/1.1/2025-Q2/a.pdf")) is None
    assert ward.key_of(kien_hung.location("evidence/1.1/2025-Q2/a.pdf")) is None
    assert phu_luong.delete_prefix("evidence/") == 0
    assert kien_hung.exists("evidence/1.1/2025-Q2/a.pdf")


async def test_the_bot_awaits_the_same_operations_off_the_event_loop(
    make_store: MakeStore,
) -> None:
    store = make_store("kien-hung")
    location = await store.aput_bytes("evidence/2.1/2025-Q3/a.jpg", b"\xff\xd8 photo")
    assert await store.aread_location(location) == b"\xff\xd8 photo"
    assert await store.aread_location("/somewhere/else/a.jpg") is None
    assert await store.aread_location(None) is None
    assert await store.aexists("evidence/2.1/2025-Q3/a.jpg")
    assert await store.alist_keys("evidence/") == ["evidence/2.1/2025-Q3/a.jpg"]
    assert await store.adelete_prefix("evidence/2.1/") == 1
    assert not await store.adelete("evidence/2.1/2025-Q3/a.jpg")


def test_the_local_folder_keeps_todays_layout_and_modes(tmp_path: Path) -> None:
    files = tmp_path / "var" / "files"
    store = LocalFileStore(files)
    location = store.put_bytes("evidence/2.3c/2025-Q2/a.pdf", b"x")
    assert location == str(files / "evidence" / "2.3c" / "2025-Q2" / "a.pdf")
    assert stat.S_IMODE(os.stat(location).st_mode) == 0o600
    for folder in (files, files / "evidence", files / "evidence" / "2.3c"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    # A file recorded under the resolved path (older reports) is found too.
    assert store.key_of(str(Path(location).resolve())) == "evidence/2.3c/2025-Q2/a.pdf"
    store.delete("evidence/2.3c/2025-Q2/a.pdf")
    assert not (files / "evidence").exists()  # the emptied folders go with it
    assert files.is_dir()
    unit = LocalFileStore(files, "kien-hung").put_bytes("evidence/x/a.pdf", b"x")
    assert unit == str(files / "units" / "kien-hung" / "evidence" / "x" / "a.pdf")


def test_an_unreachable_bucket_is_a_clear_error_without_the_secret() -> None:
    store = S3FileStore(
        "cchc",
        "",
        endpoint_url=f"http://127.0.0.1:{free_port()}",  # nobody listens there
        access_key_id=ACCESS_KEY,
        secret_access_key=SecretStr(SECRET_KEY),
    )
    store._client.meta.config.retries = {"max_attempts": 1}
    with pytest.raises(FileStoreError) as error:
        store.put_bytes("evidence/a.pdf", b"x")
    assert "s3://cchc/" in str(error.value) and SECRET_KEY not in str(error.value)
    assert "127.0.0.1" in store.describe() and SECRET_KEY not in store.describe()


def test_an_s3_url_names_a_bucket_and_a_prefix() -> None:
    assert parse_s3_url("s3://cchc-hanoi/wards/") == ("cchc-hanoi", "wards/")
    assert parse_s3_url("s3://cchc-hanoi") == ("cchc-hanoi", "")
    assert parse_s3_url("s3://cchc-hanoi/a/b") == ("cchc-hanoi", "a/b/")
    for bad in ("https://cchc-hanoi/x", "s3:///x", "s3://b/x?y=1", "s3://b/../x"):
        with pytest.raises(ValueError):
            parse_s3_url(bad)
