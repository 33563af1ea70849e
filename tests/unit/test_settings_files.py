"""Issue 14 (files): where the kept files go is a setting; the S3 keys never show."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.file_store import file_store
from bot.logs import RedactingFilter
from bot.settings import SettingsError, load_settings
from storage.filestore import LocalFileStore
from storage.s3store import S3FileStore

KEY_ID = "CCHCKEYID0123456789"
SECRET = "s3cr3t/Key+for-the-bucket0123456789"
S3 = {
    "CCHC_FILES_URL": "s3://cchc-hanoi/wards",
    "CCHC_S3_ENDPOINT_URL": "http://10.0.0.5:8333",
    "CCHC_S3_ACCESS_KEY_ID": KEY_ID,
    "CCHC_S3_SECRET_ACCESS_KEY": SECRET,
    "CCHC_UNIT": "Kien-Hung",
}


def test_files_by_default_are_in_the_folder_beside_the_database(tmp_path: Path) -> None:
    settings = load_settings({"CCHC_DB_PATH": "/srv/cchc/cchc.sqlite3"}, tmp_path / "no.env")
    store = file_store(settings)
    assert isinstance(store, LocalFileStore) and store.root == Path("/srv/cchc/files")
    assert settings.unit == "" and settings.files_url is None


def test_files_an_s3_url_gives_the_units_part_of_the_bucket(tmp_path: Path) -> None:
    settings = load_settings(S3, tmp_path / "no.env")
    assert settings.unit == "kien-hung"
    store = file_store(settings)
    assert isinstance(store, S3FileStore)
    assert store.bucket == "cchc-hanoi" and store.base == "wards/units/kien-hung/"
    assert store.describe() == "s3://cchc-hanoi/wards/units/kien-hung/ at http://10.0.0.5:8333"
    # One bot of several in a deployment names its own unit.
    other = file_store(settings, unit="phu-luong")
    assert isinstance(other, S3FileStore) and other.base == "wards/units/phu-luong/"


def test_files_the_s3_keys_never_show(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(S3, tmp_path / "no.env")
    assert KEY_ID not in repr(settings) and SECRET not in repr(settings)
    assert {KEY_ID, SECRET} <= set(settings.secrets())
    logger = logging.getLogger("cchc.test.s3")
    logger.addFilter(RedactingFilter(settings.secrets()))
    with caplog.at_level(logging.DEBUG):
        logger.warning("signed with Credential=%s/%s", KEY_ID, SECRET)
    assert "signed with" in caplog.text
    assert KEY_ID not in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"CCHC_FILES_URL": "https://cchc-hanoi/wards"}, "CCHC_FILES_URL"),
        ({"CCHC_FILES_URL": "s3://cchc-hanoi/../x"}, "CCHC_FILES_URL"),
        ({"CCHC_S3_ENDPOINT_URL": "10.0.0.5:8333"}, "CCHC_S3_ENDPOINT_URL"),
        ({"CCHC_UNIT": "Kiến Hưng"}, "CCHC_UNIT"),
        ({"CCHC_S3_ACCESS_KEY_ID": KEY_ID}, "CCHC_S3_SECRET_ACCESS_KEY"),
        ({"CCHC_S3_SECRET_ACCESS_KEY": SECRET}, "CCHC_S3_ACCESS_KEY_ID"),
    ],
)
def test_files_a_wrong_storage_setting_names_the_variable(
    env: dict[str, str], variable: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(env, tmp_path / "no.env")
    assert str(error.value).startswith(variable + ":")
    assert SECRET not in str(error.value)
