"""What ``planforge link`` shows: the proposed links with scores, and the diff of the file."""

from __future__ import annotations

import json

from planforge.link import LinkEdit


def _text(edit: LinkEdit, written: bool) -> str:
    lines = [f"本级规划:{edit.display}", f"上级规划:{edit.parent_display}"]
    if not edit.proposals:
        lines.append("没有可建议的链接:指标都已链接上级,或上级没有名称相近的未承接指标。")
        return "\n".join(lines) + "\n"
    lines.append("建议链接(✓ 为采纳):")
    for p in edit.proposals:
        s = p.suggestion
        mark = "✓" if p.accepted else " "
        lines.append(
            f"  {mark} {s.child_id} {s.child_name} → {s.parent_id} {s.parent_name}"
            f"  相似度 {s.score:.2f}({s.reason})"
        )
    if edit.changed:
        lines += ["", edit.diff.rstrip("\n"), ""]
        lines.append(
            f"已写入 {len(edit.accepted)} 个链接:{edit.display}"
            if written
            else "以上修改尚未写入;确认无误后加 --write 写入文件。"
        )
    else:
        lines.append("没有达到采纳阈值的建议,文件不作修改(可用 --min-score 调整)。")
    return "\n".join(lines) + "\n"


def _json(edit: LinkEdit, written: bool) -> str:
    data = {
        "file": edit.display,
        "parent": edit.parent_display,
        "written": written and edit.changed,
        "suggestions": [
            {
                "child": {"id": p.suggestion.child_id, "name": p.suggestion.child_name},
                "parent": {"id": p.suggestion.parent_id, "name": p.suggestion.parent_name},
                "score": p.suggestion.score,
                "reason": p.suggestion.reason,
                "accepted": p.accepted,
            }
            for p in edit.proposals
        ],
        "diff": edit.diff,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_link(edit: LinkEdit, *, written: bool, fmt: str = "text") -> str:
    """Render a link run as text for people or JSON for programs."""
    return _json(edit, written) if fmt == "json" else _text(edit, written)
