"""The pull/merge request comment CI posts: cchc's diff, capped below the platform's limit.

GitHub refuses a comment over 65,536 characters (a 41-plan change made 492 KB); GitLab notes have
their own cap. The comment starts with a marker so that CI updates cchc's own comment and never
another bot's; when the report is too long it is cut at a line break and ends with a link to the
full report (a job artifact).
"""
from __future__ import annotations

MARKER = "<!-- cchc-diff -->"
GITHUB_LIMIT = 65_536
DEFAULT_LIMIT = 60_000  # room for the marker, the note and a long artifact address


def comment(report: str, limit: int = DEFAULT_LIMIT, link: str | None = None) -> str:
    note_link = f" [Báo cáo đầy đủ]({link})." if link else " Báo cáo đầy đủ nằm trong tệp cchc-diff.md của job."
    body = report if report.endswith("\n") or not report else report + "\n"
    if len(MARKER) + 1 + len(body) <= limit:
        return f"{MARKER}\n{body}"
    note = f"\n---\n*Bình luận đã được rút gọn (giới hạn {limit:,} ký tự).{note_link}*\n".replace(",", ".")
    room = max(0, limit - len(MARKER) - 1 - len(note))
    cut = body[:room]
    if "\n" in cut:
        cut = cut[:cut.rindex("\n") + 1]
    return f"{MARKER}\n{cut}{note}"
