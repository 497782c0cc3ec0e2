"""One submission's journey: load -> run (child process) -> compare -> report.

A Grader holds one grading run: every check's draw for this run and the reference's
answers to the hidden calls, computed once, in the grader's own process (the reference is
the course's code). Each submission is then loaded, run in its own child, judged and
reported.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import time
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from autograder.checks import Check, Converges, Evidence, Trial, Verdict
from autograder.companions import Companions, companions
from autograder.compare import in_single_precision, numbers
from autograder.diagnosis import Mistake, diagnose, load_catalog
from autograder.files import Refused, read_capped
from autograder.load import LoadError, Submission, load
from autograder.points import award
from autograder.reference import Timing, answers_of
from autograder.report.model import CheckResult, QuestionResult, Report, Training
from autograder.run.child import Child, Limits, Outcome, run, run_side_by_side
from autograder.run.protocol import Call, Failure, Reply
from autograder.run.sandbox import Sandbox, choose, hide_from_nobody
from autograder.suites import Question, Suite

MAX_RESULTS_BYTES = 1024 * 1024
NOT_RUN = ("hidden checks not run: this machine has no sandbox to keep the submission's code "
           "from the reference solution. Install bubblewrap (Debian and Ubuntu: apt-get install "
           "bubblewrap), or grade as root with a Python that the user nobody may run; "
           "--unsafe-no-sandbox runs them anyway, for code you trust; --public-only grades the "
           "public checks alone")
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Planned:
    """A check of a question, with its trial for this run and where its calls sit in the plan."""

    position: int  # in the suite's order, which reports follow
    question: Question
    check: Check
    trial: Trial
    calls: tuple[int, ...]  # positions of the trial's calls in the submission's list of calls
    hidden_calls: tuple[int, ...] | None  # positions in the reference's list of calls


class Grader:
    """Grades submissions of one assignment with one draw of random cases."""

    def __init__(self, suite: Suite, reference: Path | None = None, seed: int | None = None,
                 limits: Limits = DEFAULT_LIMITS, sandbox: Sandbox | None = None,
                 unsafe: bool = False, side_by_side: bool = False) -> None:
        """`reference` enables hidden checks, which need a sandbox that isolates the
        submission from it; `unsafe` runs them without one. `side_by_side` trains in a
        second child beside the first: sooner for one submission, but more work in all,
        so a batch, which has a submission for every core, leaves it off."""
        self.suite = suite
        self.limits = limits
        self.side_by_side = side_by_side
        self.sandbox = sandbox or choose()
        self.notes: list[str] = []
        # Why the hidden checks were asked for and not run; each is then reported as not
        # run, out of its points, so that the grading never reads as complete.
        self.not_run = ""
        if reference is not None and not (self.sandbox.isolates or unsafe):
            self.not_run = NOT_RUN
            reference = None
        if reference is not None:
            solutions = reference.resolve().parents[1]
            self.sandbox = replace(self.sandbox, hide=(solutions,))
            if self.sandbox.demote:
                hide_from_nobody(solutions)
        self.hidden = reference is not None
        rng = np.random.default_rng(seed)
        prepared = [(n, q, c, c.prepare(rng)) for n, (q, c) in enumerate(
            (q, c) for q in suite.questions for c in q.checks if self.hidden or not c.hidden)]
        training = [p for p in prepared if isinstance(p[2], Converges)]
        others = [p for p in prepared if not isinstance(p[2], Converges)]
        # Training is slow: its calls go last, so that a hang there costs only training's
        # points, and round by round (every check's first run, then every second run), so
        # that once every check is decided the runs still to come need not be made. Side by
        # side, every second check's training goes to the second child.
        order = [(p, i, 0) for p in others for i in range(len(p[3].calls))]
        rounds = max((len(p[3].calls) for p in training), default=0)
        order += [(p, i, n % 2) for i in range(rounds) for n, p in enumerate(training)
                  if i < len(p[3].calls)]
        self.calls: list[Call] = []
        self.groups: list[int] = []  # which child makes each call, when side by side
        self.hidden_calls: list[Call] = []
        places: dict[int, list[int]] = {p[0]: [] for p in prepared}
        hidden_places: dict[int, list[int]] = {p[0]: [] for p in prepared}
        for (position, _, check, trial), i, group in order:
            places[position].append(len(self.calls))
            self.calls.append(trial.calls[i])
            self.groups.append(group)
            if check.hidden:
                hidden_places[position].append(len(self.hidden_calls))
                self.hidden_calls.append(trial.calls[i])
        self.planned = [
            Planned(position, question, check, trial, tuple(places[position]),
                    tuple(hidden_places[position]) if check.hidden else None)
            for position, question, check, trial in prepared
        ]
        self.mistakes = reference.parent / "mistakes" if reference else None
        self.signatures = signatures_of(reference) if reference else {}
        self._expected = answers_of(reference, self.hidden_calls) if reference else None
        # Each call's time limit follows the reference's own time for it; without one, fixed.
        self.timing = (Timing(reference, self.calls, self.hidden_calls, self._expected or [])
                       if reference else None)

    @functools.cached_property
    def catalog(self) -> list[Mistake]:
        """The known mistakes, loaded when a check first fails: a correct submission never
        pays for them."""
        return load_catalog(self.mistakes) if self.mistakes else []

    def expected(self) -> list[Reply] | None:
        """The reference's replies to the hidden calls (None in public mode)."""
        return self._expected

    def grade(self, path: Path | str, results: Path | None = None,
              warm: Sequence[Child] = (), beside: bool = True,
              folder: Path | None = None) -> Report:
        """Grade one submission file; results.txt is looked for beside it unless given, or
        not at all when `beside` is False (collection looked for it and found none).

        The modules it imports and the files it names are taken from `folder`, the
        student's own (default: the file's folder, unless `beside` is False).

        `warm` children, started ahead (`Child.waiting`), are used if their sandbox and
        limits are this grader's, and stopped otherwise."""
        started = time.perf_counter()
        path = Path(path)
        try:
            submission = load(path)
        except LoadError as error:
            for child in warm:
                child.discard()
            return self.unreadable(path, str(error), time.perf_counter() - started)
        own = companions([c.source for c in submission.cells],
                         folder if folder is not None or not beside else path.parent,
                         path, self.sandbox.hide)
        if self.side_by_side:
            outcome = run_side_by_side(submission.cells, self.calls, self.groups, self.limits,
                                       self.sandbox, warm, self.unneeded, self.timing,
                                       own.files)
        else:
            for child in warm[1:]:
                child.discard()
            outcome = run(submission.cells, self.calls, self.limits, self.sandbox,
                          warm[0] if warm else None, self.unneeded, self.timing, own.files)
        outcome.replies = [self.with_expected_signature(call, reply)
                           for call, reply in zip(self.calls, outcome.replies, strict=True)]
        if results is None and beside:
            results = path.with_name("results.txt")
        results_text = read_results(results) if results is not None else None
        report = self.judge(submission, outcome, results_text, own)
        report.seconds = time.perf_counter() - started
        return report

    def with_expected_signature(self, call: Call, reply: Reply) -> Reply:
        """A reply whose arguments did not fit, told how the notebook defines the function."""
        if reply.failure is None or not reply.failure.at_the_boundary:
            return reply
        expected = self.signatures.get(call.function, "")
        return replace(reply, failure=replace(reply.failure, expected_signature=expected))

    def unneeded(self, replies: dict[int, Reply]) -> set[int]:
        """The calls of every check that the replies so far have decided."""
        decided: set[int] = set()
        for plan in self.planned:
            if plan.trial.settled and plan.trial.settled([replies.get(i) for i in plan.calls]):
                decided.update(plan.calls)
        return decided

    def judge(self, submission: Submission, outcome: Outcome, results_text: str | None,
              own: Companions | None = None) -> Report:
        expected = self.expected()
        single = computed_in_single(self.calls, outcome.replies)
        judged: dict[str, list[tuple[Planned, Verdict, str]]] = {
            q.name: [] for q in self.suite.questions}
        training: list[Training] = []
        for plan in sorted(self.planned, key=lambda p: p.position):
            evidence = Evidence(
                replies=[outcome.replies[i] for i in plan.calls],
                expected=([expected[i] for i in plan.hidden_calls]
                          if plan.hidden_calls and expected is not None else None),
                results_text=results_text,
                single=bool(plan.trial.calls) and single.get(plan.trial.calls[0].function, False),
            )
            verdict = plan.trial.judge(evidence)
            training += verdict.training
            mistake = None
            if (not verdict.passed and self.mistakes and plan.trial.calls
                    and not isinstance(plan.check, Converges)):
                mistake = diagnose(self.catalog, plan.trial.calls, evidence.replies)
            judged[plan.question.name].append((plan, verdict, mistake.hint if mistake else ""))
        questions = [QuestionResult(q.name, paid(judged[q.name])) for q in self.suite.questions]
        return Report(
            submission=str(submission.path),
            assignment=self.suite.name,
            questions=self.with_not_run(with_dependency_notes(
                self.suite, questions, troubled(self.calls, outcome.replies))),
            problems=self.notes + problems(outcome, self.calls, own or Companions()),
            hidden_checks=self.hidden,
            sandbox=self.sandbox.name,
            stdout=outcome.stdout,
            stderr=outcome.stderr,
            training=training,
            files=sorted((own or Companions()).files),
        )

    def with_not_run(self, questions: list[QuestionResult]) -> list[QuestionResult]:
        """The results with the hidden checks, when they could not run, in their places: 0
        of their points each, saying why, so that max_score stays the assignment's."""
        if not self.not_run:
            return questions
        completed = []
        for question, result in zip(self.suite.questions, questions):
            done = iter(result.checks)
            checks = [CheckResult(question.name, c.name, 0.0, c.points, self.not_run, True,
                                  ran=False) if c.hidden else next(done)
                      for c in question.checks]
            completed.append(replace(result, checks=checks))
        return completed

    def unreadable(self, path: Path, reason: str, seconds: float = 0.0) -> Report:
        """The report of a submission that could not be graded: every check 0, the reason."""
        questions = self.with_not_run([
            QuestionResult(q.name, [CheckResult(q.name, c.name, 0.0, c.points, reason, c.hidden)
                                    for c in q.checks if self.hidden or not c.hidden])
            for q in self.suite.questions
        ])
        return Report(str(path), self.suite.name, questions, [reason, *self.notes], self.hidden,
                      seconds, loaded=False, sandbox=self.sandbox.name)


def paid(judged: list[tuple[Planned, Verdict, str]]) -> list[CheckResult]:
    """The points of one question's checks, given their verdicts and hints: a condition
    pays only beside correct values (points.award)."""
    awards = award([plan.check for plan, _, _ in judged], [v for _, v, _ in judged])
    return [CheckResult(plan.question.name, plan.check.name, won.points, plan.check.points,
                        won.message, plan.check.hidden, hint)
            for (plan, _, hint), won in zip(judged, awards)]


def read_results(path: Path) -> str | None:
    """The text of results.txt, if there is a readable one of sensible size: a regular
    file in the submission's folder, never a link out of it, a device or a pipe."""
    try:
        return read_capped(path, MAX_RESULTS_BYTES).decode("utf-8")
    except Refused as refused:
        if not os.path.lexists(path):
            return None
        return f"results.txt was not read: {refused}"
    except UnicodeDecodeError:
        return None


def computed_in_single(calls: list[Call], replies: list[Reply]) -> dict[str, bool]:
    """Which functions compute in single precision, by the numbers they returned: a float64
    result is a float32 value by chance about once in 2**29, so one that is not simple
    (not an integer or a half) tells."""
    values: dict[str, list[float]] = {}
    for call, reply in zip(calls, replies, strict=True):
        if reply.ok:
            values.setdefault(call.function, []).extend(numbers(reply.value, 10_000))
    return {function: in_single_precision(found, enough=1) for function, found in values.items()}


def signatures_of(notebook: Path) -> dict[str, str]:
    """How the notebook defines each of its functions: `sgd_nn(x, y, network, ...)`."""
    try:
        cells = load(notebook).cells
    except LoadError:
        return {}
    found = {}
    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                found[node.name] = f"{node.name}({ast.unparse(node.args)})"
    return found


def troubled(calls: list[Call], replies: list[Reply]) -> set[str]:
    """Functions whose calls failed before computing anything: not defined, not written
    yet, or called with arguments they do not take. Such a function causes no other's
    wrong values, and another's cannot be the cause of its failure."""
    return {call.function for call, reply in zip(calls, replies, strict=True)
            if reply.failure is not None and (
                reply.failure.type in ("Missing", "NotImplementedError")
                or reply.failure.at_the_boundary)}


def with_dependency_notes(suite: Suite, questions: list[QuestionResult],
                          computed_nothing: AbstractSet[str] = frozenset(),
                          ) -> list[QuestionResult]:
    """Tell a question that lost points which of the functions it calls lost points too:
    only where that function ran and computed wrong values, and this one's failure is not
    of its own making before anything ran (see `troubled`)."""
    lost = {q.name for q in questions if q.score < q.max_score}
    noted = []
    for result in questions:
        failing = [d for d in suite.question(result.name).depends_on
                   if d in lost and d not in computed_nothing]
        note = ""
        if result.name in lost and result.name not in computed_nothing and failing:
            one = len(failing) == 1
            note = (f"{result.name} usually calls {', '.join(failing)}, which "
                    f"{'fails its' if one else 'fail their'} own checks: "
                    f"fix {'it' if one else 'them'} first")
        noted.append(QuestionResult(result.name, result.checks, note))
    return noted


MISSING_MODULE = re.compile(r"No module named '([A-Za-z_][A-Za-z0-9_]*)")


def about_import(failure: Failure, own: Companions) -> str:
    """For an import that failed: whether a file of that name was handed in."""
    found = MISSING_MODULE.match(failure.message) if failure.type == "ModuleNotFoundError" else None
    return f" ({own.about_module(found.group(1))})" if found else ""


def problems(outcome: Outcome, calls: list[Call], own: Companions) -> list[str]:
    """What went wrong around the checks: cells that raised, a child that stopped early."""
    found = [f"code cell {e.index} raised {e.failure}" + about_import(e.failure, own) +
             (f"\n{e.failure.traceback.rstrip()}" if e.failure.traceback else "")
             for e in outcome.cell_errors]
    found += [f"{name} was handed in but not used: {why}" for name, why in own.refused.items()
              if not name.endswith(".py")]
    if outcome.stopped:
        found.append(f"the submission's process was stopped {outcome.stopped}")
    missing = sorted({c.function for c, r in zip(calls, outcome.replies)
                      if r.failure and r.failure.type == "Missing"})
    if missing and len(missing) == len({c.function for c in calls}):
        found.append("none of the assignment's functions is defined in the submission")
    elif missing:
        found.append(f"not defined in the submission: {', '.join(missing)}")
    return found
