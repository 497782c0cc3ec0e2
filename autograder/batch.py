"""A class at once: collect -> grade in parallel -> keep each result -> gradebook and summary.

Every student's report is written to `DIR/results/<student>.json` the moment it is ready
(written aside, then renamed, so that a kill leaves whole files only). A batch that was
interrupted resumes from those files with the same draw of hidden cases, kept in
`DIR/batch.json`: nothing is lost and nothing is graded twice.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from autograder import which
from autograder.collect import Collection, Entry, collect
from autograder.names import file_name
from autograder.pipeline import Grader
from autograder.report import store
from autograder.report.model import Report

STATE = "batch.json"


class BatchError(Exception):
    """The batch cannot start as asked; the message is the one line a user sees."""


@dataclass
class Batch:
    """The output folder of one class's grading and what it holds so far."""

    out: Path
    assignment: str
    seed: int

    @property
    def results(self) -> Path:
        return self.out / "results"

    @classmethod
    def open(cls, out: Path, assignment: str, seed: int | None, resume: bool,
             layout: str = "auto") -> Batch:
        """A new batch in an empty DIR, or the interrupted one in DIR with --resume (read
        with the same layout: another one could give the same names to other files)."""
        state = out / STATE
        if state.is_file():
            if not resume:
                raise BatchError(f"{out} already holds a batch: add --resume to finish it, "
                                 "or give another --out")
            kept = json.loads(state.read_text(encoding="utf-8"))
            if kept["assignment"] != assignment:
                raise BatchError(f"{out} holds a batch of {kept['assignment']}, not {assignment}")
            if seed is not None and seed != kept["seed"]:
                raise BatchError(f"{out} was graded with --seed {kept['seed']}: resume with it")
            if kept.get("layout", "auto") != layout:
                raise BatchError(f"{out} was graded with --layout {kept.get('layout', 'auto')}: "
                                 "resume with it")
            return cls(out, assignment, kept["seed"])
        if out.is_dir() and any(out.iterdir()) and not resume:
            raise BatchError(f"{out} is not empty: give an empty or new --out")
        batch = cls(out, assignment, secrets.randbits(31) if seed is None else seed)
        batch.results.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps({"assignment": assignment, "seed": batch.seed,
                                     "layout": layout}) + "\n", encoding="utf-8")
        return batch

    def path(self, entry: Entry) -> Path:
        """The student's stored report: named by the stem collection made unique."""
        return self.results / f"{entry.key or file_name(entry.student)}.json"

    def done(self, entry: Entry) -> bool:
        """Graded already: a whole stored report is there (a torn file is graded again)."""
        try:
            store.loads(self.path(entry).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return True

    def keep(self, entry: Entry, report: Report) -> None:
        target = self.path(entry)
        aside = target.with_name(f".{target.name}.{threading.get_ident()}")
        aside.write_text(store.dumps(report), encoding="utf-8")
        os.replace(aside, target)

    def reports(self, entries: list[Entry]) -> dict[str, Report]:
        """Every stored report of these students, by student."""
        reports = {}
        for entry in entries:
            try:
                reports[entry.student] = store.loads(self.path(entry).read_text("utf-8"))
            except (OSError, ValueError):
                continue
        return reports


def grade_entry(grader: Grader, entry: Entry) -> Report:
    """One student's report, whatever happens: a grader failure becomes the row's reason.

    Collection looked for results.txt and chose it (or found none it may read): the
    grader never looks beside the submission for one of its own."""
    if entry.submission is None:
        report = grader.unreadable(Path(entry.student), entry.note)
    else:
        try:
            report = grader.grade(entry.submission, entry.results, beside=False,
                                  folder=entry.folder)
        except Exception as error:  # noqa: BLE001  a grader bug must not stop the class
            report = grader.unreadable(entry.submission,
                                       f"the grader failed on this submission: {error!r}")
        other = which.mismatch(entry.submission, grader.suite.name) if report.loaded else ""
        report.problems[:0] = [*entry.notes, *([other] if other else [])]
    report.student = entry.student
    return report


def run(grader: Grader, batch: Batch, todo: list[Entry], jobs: int,
        progress: Callable[[int], object] | None = None) -> Iterator[tuple[Entry, Report]]:
    """Grade the entries, `jobs` at a time, keeping each report as it comes."""
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        futures = {pool.submit(grade_entry, grader, e): e for e in todo}
        try:
            for future in as_completed(futures):
                entry, report = futures[future], future.result()
                batch.keep(entry, report)
                if progress:
                    progress(1)
                yield entry, report
        finally:
            for future in futures:
                future.cancel()


def grade_class(inputs: list[Path], grader_for: Callable[[int], Grader], out: Path,
                assignment: str, jobs: int, seed: int | None = None, resume: bool = False,
                show_progress: bool = True, layout: str = "auto") -> tuple[Batch, Collection]:
    """Grade a class into `out`; returns the batch and the collection: every entry, graded
    now or before, and what concerns the class as a whole."""
    batch = Batch.open(out, assignment, seed, resume, layout)
    collection = collect(inputs, assignment, out / "inputs", layout)
    entries = collection.entries
    todo = [e for e in entries if not batch.done(e)]
    if todo:
        grader = grader_for(batch.seed)
        from tqdm import tqdm

        with tqdm(total=len(entries), initial=len(entries) - len(todo), unit="submission",
                  disable=not show_progress, dynamic_ncols=True) as bar:
            for _ in run(grader, batch, todo, jobs, bar.update):
                pass
    return batch, collection


def render_page(stored: str, page: str) -> None:
    """One feedback page from a stored report (run in a worker process: drawing is
    Python-bound, so pages are drawn on every core)."""
    from autograder.report import html

    report = store.loads(Path(stored).read_text(encoding="utf-8"))
    aside = Path(f"{page}.part")
    aside.write_text(html.render(report), encoding="utf-8")
    os.replace(aside, page)


def write_feedback(batch: Batch, entries: list[Entry], jobs: int,
                   show_progress: bool = True) -> Path:
    """DIR/feedback/<student>.html for every graded student that has no page yet."""
    pages = batch.out / "feedback"
    pages.mkdir(exist_ok=True)
    todo = [(str(batch.path(e)), str(pages / f"{batch.path(e).stem}.html"))
            for e in entries if batch.path(e).is_file()  # whole: written aside, then renamed
            and not (pages / f"{batch.path(e).stem}.html").is_file()]
    if todo:
        from tqdm import tqdm

        with ProcessPoolExecutor(max_workers=max(min(jobs, len(todo)), 1)) as pool, \
                tqdm(total=len(todo), unit="page", disable=not show_progress,
                     dynamic_ncols=True) as bar:
            for future in as_completed(pool.submit(render_page, *pair) for pair in todo):
                future.result()
                bar.update(1)
    return pages
