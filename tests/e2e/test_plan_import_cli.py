"""`cchc-bot plan import` from a shell: a Word plan becomes a draft that `plan load` loads;
a file that is not a plan ends with one clear line."""

from __future__ import annotations

from pathlib import Path

from tests.auxil.plan_documents import yearly_docx
from tests.auxil.processes import cchc_bot


def test_the_cli_imports_then_plan_load_loads_the_draft(tmp_path: Path) -> None:
    source = yearly_docx(tmp_path / "ke-hoach-2026.docx")
    done = cchc_bot(tmp_path, "plan", "import", str(source), "--out", "draft.yaml")
    assert done.returncode == 0, done.stderr
    assert "27 nhiệm vụ" in done.stdout and "draft.yaml" in done.stdout
    loaded = cchc_bot(tmp_path, "plan", "load", "draft.yaml", "--new")
    assert loaded.returncode == 0, loaded.stderr
    assert "kien-hung-2026" in loaded.stdout


def test_the_cli_refuses_garbage_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"not a word file")
    done = cchc_bot(tmp_path, "plan", "import", "x.docx")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "x.docx" in done.stderr
    missing = cchc_bot(tmp_path, "plan", "import", "nowhere.docx")
    assert missing.returncode == 2 and "không có tệp này" in missing.stderr
