"""Searches the user acted on and feedback on playbooks, in the local journal."""

from __future__ import annotations

from livecheck.journal.base import JournalBase, locked
from livecheck.journal.records import FeedbackRecord, SearchRecord, iso, new_uid


class ActivityStore(JournalBase):
    @locked
    def record_search(self, search: SearchRecord) -> None:
        uid = new_uid()
        with self._write() as db:
            db.execute(
                "INSERT INTO searches (at, operator, kind, query, normalized, results, "
                "opened_playbook_id, run_id, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iso(search.at),
                    search.operator,
                    search.kind,
                    search.query,
                    search.normalized,
                    search.results,
                    search.opened_playbook_id,
                    search.run_id,
                    uid,
                ),
            )
            self._enqueue(db, "search", uid)

    @locked
    def record_feedback(self, feedback: FeedbackRecord) -> None:
        uid = new_uid()
        with self._write() as db:
            db.execute(
                "INSERT INTO feedback (run_id, playbook_id, lang, at, operator, reason, comment, "
                "uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    feedback.run_id,
                    feedback.playbook_id,
                    feedback.lang,
                    iso(feedback.at),
                    feedback.operator,
                    feedback.reason,
                    feedback.comment,
                    uid,
                ),
            )
            self._enqueue(db, "feedback", uid)
