"""Kept files in an S3-compatible bucket (AWS S3, MinIO, SeaweedFS, Ceph, a cloud's object
storage): CCHC_FILES_URL=s3://bucket/prefix, CCHC_S3_ENDPOINT_URL for a server other than AWS.

An object's name is <prefix>/<key>, or <prefix>/units/<unit>/<key> for a unit. boto3 is imported
here only (`pip install 'cchc-bot[s3]'`); its calls block, so the bot awaits the store's `a`
methods (storage/filestore.py), which run them in a thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from storage.filestore import UNITS, FileStore, FileStoreError, check_key, check_prefix

if TYPE_CHECKING:
    from pydantic import SecretStr

S3_SCHEME = "s3"


def parse_s3_url(url: str) -> tuple[str, str]:
    """'s3://bucket/some/prefix' as ('bucket', 'some/prefix/'); ValueError when it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme != S3_SCHEME or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{url!r} is not an s3://bucket/prefix URL")
    prefix = parts.path.strip("/")
    if prefix:
        check_prefix(prefix + "/")
    return parts.netloc, prefix + "/" if prefix else ""


class S3FileStore(FileStore):
    """Objects in `bucket` under `prefix` (and units/<unit>/ for a unit)."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        unit: str = "",
        *,
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: SecretStr | None = None,
        region: str | None = None,
        client: Any = None,
    ) -> None:
        super().__init__(unit)
        self.bucket = bucket
        self.base = prefix + (f"{UNITS}/{unit}/" if unit else "")
        self.endpoint_url = endpoint_url
        if client is None:
            try:
                import boto3
                from botocore.config import Config
            except ImportError:
                raise FileStoreError("files in S3 need boto3: pip install 'cchc-bot[s3]'") from None
            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                aws_access_key_id=access_key_id,
                aws_secret_access_key=(
                    secret_access_key.get_secret_value() if secret_access_key else None
                ),
                region_name=region or "us-east-1",
                # Path-style addressing: MinIO, SeaweedFS and most servers in a machine room
                # have no wildcard DNS for bucket.host names.
                config=Config(
                    s3={"addressing_style": "path"},
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=10,
                    read_timeout=60,
                ),
            )
        self._client = client

    def _name(self, key: str) -> str:
        return self.base + check_key(key)

    def _fail(self, what: str, error: Exception) -> FileStoreError:
        code = getattr(error, "response", {}).get("Error", {}).get("Code", "")
        return FileStoreError(f"{what} in s3://{self.bucket}/{self.base} failed: {code or error}")

    def put_bytes(self, key: str, data: bytes) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        name = self._name(key)
        try:
            self._client.put_object(Bucket=self.bucket, Key=name, Body=data)
        except (BotoCoreError, ClientError) as error:
            raise self._fail(f"writing {key}", error) from None
        return f"{S3_SCHEME}://{self.bucket}/{name}"

    def read(self, key: str) -> bytes | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=self._name(key))
            return bytes(answer["Body"].read())
        except ClientError as error:
            if _missing(error):
                return None
            raise self._fail(f"reading {key}", error) from None
        except BotoCoreError as error:
            raise self._fail(f"reading {key}", error) from None

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self._client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):
                return False
            raise self._fail(f"looking for {key}", error) from None
        except BotoCoreError as error:
            raise self._fail(f"looking for {key}", error) from None
        return True

    def delete(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        if not self.exists(key):  # S3 answers a delete of nothing as a success
            return False
        try:
            self._client.delete_object(Bucket=self.bucket, Key=self._name(key))
        except (BotoCoreError, ClientError) as error:
            raise self._fail(f"deleting {key}", error) from None
        return True

    def list_keys(self, prefix: str = "") -> list[str]:
        from botocore.exceptions import BotoCoreError, ClientError

        check_prefix(prefix)
        found = []
        try:
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.base + prefix
            )
            for page in pages:
                for item in page.get("Contents") or []:
                    key = str(item["Key"])[len(self.base) :]
                    if self.unit or not key.startswith(UNITS + "/"):
                        found.append(key)
        except (BotoCoreError, ClientError) as error:
            raise self._fail(f"listing {prefix or 'the files'}", error) from None
        return sorted(found)

    def location(self, key: str) -> str:
        return f"{S3_SCHEME}://{self.bucket}/{self._name(key)}"

    def key_of(self, location: str) -> str | None:
        start = f"{S3_SCHEME}://{self.bucket}/{self.base}"
        if not location.startswith(start):
            return None
        try:
            return check_key(location[len(start) :])
        except ValueError:
            return None

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"{S3_SCHEME}://{self.bucket}/{self.base}{where}"


def _missing(error: Exception) -> bool:
    code = str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")
