"""Write a draft plan as today's plan file (data/plans/*.yaml), a "# kiểm tra:" comment on
every value the importer inferred or could not read, so that a person reviews it before
`cchc-bot plan load`."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from domain.plan_document.draft import Checks, DraftPlan, DraftTarget, DraftTask

CHECK = "# kiểm tra:"


def scalar(value: object) -> str:
    """One YAML scalar on one line: plain when YAML reads it back as the same text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    text = " ".join(str(value).split())
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style=None)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").strip()
    if yaml.safe_load(dumped) != text:  # "12-15" or "2.2" must stay text
        dumped = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return dumped


def _field(indent: str, key: str, value: object, checks: Checks, raw: str | None = None) -> str:
    line = f"{indent}{key}: {raw if raw is not None else scalar(value)}"
    note = checks.get(key)
    return f"{line}  {CHECK} {note}" if note else line


def _codes(codes: Iterable[str]) -> str:
    return "[" + ", ".join(scalar(c) for c in codes) + "]"


def _target(t: DraftTarget) -> list[str]:
    out = [
        f"  - code: {scalar(t.code)}",
        _field("    ", "area", t.area, t.checks, scalar(str(t.area))),
        _field("    ", "section", t.section, t.checks),
        _field("    ", "short", t.short, t.checks),
        _field("    ", "text", t.text, t.checks),
        _field("    ", "kind", t.kind, t.checks),
    ]
    if t.kind == "measurable":
        out.append(_field("    ", "metric", t.metric, t.checks))
        out.append(_field("    ", "direction", t.direction, t.checks))
        if t.scope:
            out.append(_field("    ", "scope", t.scope, t.checks))
    if t.sipas:
        out.append(_field("    ", "sipas", True, t.checks))
    out.append(_field("    ", "lead", t.lead, t.checks))
    if t.kind == "measurable":
        out.append(_field("    ", "milestones", None, t.checks, ""))
        for m in t.milestones:
            parts = [f"year: {m.year}", f"value: {scalar(m.value)}"]
            if m.value_max is not None:
                parts.append(f"value_max: {scalar(m.value_max)}")
            if m.direction != t.direction:
                parts.append(f"direction: {m.direction}")
            if m.note:
                parts.append(f"note: {scalar(m.note)}")
            out.append("      - {" + ", ".join(parts) + "}")
        if not t.milestones:
            out[-1] = f"    milestones: []  {CHECK} không đọc được mốc nào"
    return out


def _task(t: DraftTask) -> list[str]:
    out = [
        _field("  - ", "code", t.code, t.checks),
        _field("    ", "area", t.area, t.checks, scalar(str(t.area))),
        _field("    ", "section", t.section, t.checks),
        _field("    ", "title", t.title, t.checks),
        _field("    ", "text", t.text, t.checks),
    ]
    if t.product:
        out.append(f"    # sản phẩm: {' '.join(t.product.split())}")
    out.append(_field("    ", "lead", t.lead, t.checks))
    if t.support:
        out.append(_field("    ", "support", None, t.checks, _codes(t.support)))
    elif "support" in t.checks:
        out.append(f"    {CHECK} support: {t.checks['support']}")
    out.append(_field("    ", "cadence", t.cadence, t.checks))
    if t.due:
        raw = t.due if t.cadence == "once" else scalar(t.due)
        out.append(_field("    ", "due", t.due, t.checks, raw))
    if t.reporting:
        out.append(_field("    ", "reporting", True, t.checks))
    if t.news:
        out.append(_field("    ", "news", True, t.checks))
    if t.serves:
        out.append(_field("    ", "serves", None, t.checks, _codes(t.serves)))
    return out


def draft_yaml(plan: DraftPlan) -> str:
    """The plan file text of a draft."""
    checks = plan.checks
    lines = [
        f"# Bản nháp kế hoạch, đọc tự động từ {plan.source}.",
        "# Mọi giá trị có ghi chú '# kiểm tra:' là máy đoán hoặc không đọc được: xem lại, sửa,",
        "# rồi nạp bằng lệnh: cchc-bot plan load <tệp này>",
        "# Mã theo số mục của văn bản: chỉ tiêu 1.3a = mục II.1.3, gạch đầu dòng thứ nhất;",
        "# nhiệm vụ 2.1a = mục II.2.1, điểm a); nhiệm vụ thường xuyên 3.2.1a = mục III.2.1;",
        "# nhiệm vụ trong bảng phụ lục 3.2 = phần III của bảng, số thứ tự 2; chỉ tiêu CT1 = chỉ",
        "# tiêu số 1 của văn bản.",
    ]
    if plan.unread:
        lines.append("# Không đọc được:")
        lines += [f"#   - {what}" for what in plan.unread]
    lines += [
        "plan:",
        _field("  ", "code", plan.code, checks),
        _field("  ", "slug", plan.slug, checks),
        _field("  ", "title", plan.title, checks),
        _field("  ", "issuer", plan.issuer, checks),
        _field("  ", "ward", plan.ward, checks),
    ]
    if plan.district:
        lines.append(_field("  ", "district", plan.district, checks))
    if plan.city:
        lines.append(_field("  ", "city", plan.city, checks))
    issued = plan.issued_on.isoformat() if plan.issued_on else ""
    lines.append(_field("  ", "issued_on", issued, checks, issued))
    if plan.signed_by:
        lines.append(_field("  ", "signed_by", plan.signed_by, checks))
    elif "signed_by" in checks:
        lines.append(f"  {CHECK} signed_by: {checks['signed_by']}")
    lines += [
        _field("  ", "period_start", plan.period_start, checks),
        _field("  ", "period_end", plan.period_end, checks),
        _field("  ", "source", plan.source, checks),
        "",
        "departments:",
    ]
    for d in plan.departments:
        lines.append(_field("  - ", "code", d.code, d.checks))
        lines.append(_field("    ", "name", d.name, d.checks))
        if d.section:
            lines.append(_field("    ", "section", d.section, d.checks))
    lines += ["", _field("", "areas", None, checks, "").rstrip()]
    for code, name in plan.areas:
        lines.append(f"  - {{code: {scalar(str(code))}, name: {scalar(name)}}}")
    lines += ["", "targets:" if plan.targets else "targets: []"]
    for target in plan.targets:
        lines += _target(target)
    tasks = [t for t in plan.tasks if t.kind == "task"]
    duties = [t for t in plan.tasks if t.kind == "duty"]
    lines += ["", "tasks:" if tasks else f"tasks: []  {CHECK} không đọc được nhiệm vụ nào"]
    for task in tasks:
        lines += _task(task)
    if duties:
        lines += ["", "# Nhiệm vụ thường xuyên của các đơn vị (mục Tổ chức thực hiện).", "duties:"]
        for duty in duties:
            lines += _task(duty)
    return "\n".join(lines) + "\n"
