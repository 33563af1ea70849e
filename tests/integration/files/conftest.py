"""The S3-compatible server (moto's server mode on 127.0.0.1), once per test process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.auxil.s3server import S3Server, s3_server


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server
