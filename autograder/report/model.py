"""The report of one grading: points per check and per question, problems, timing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Training:
    """One run of the student's sgd_nn made by a convergence check, kept for their plots."""

    task: str  # "XOR", "XNOR", "Iris"
    sizes: tuple[int, ...]
    seed: int
    losses: list[float]
    network: list[list[list[float]]]  # the trained network, as the course writes one
    accuracy: float  # on the task's test part, measured by the grader
    function: str = "sgd_nn"  # the student's function that trained, named on the page
    loss: str = "1/2 sum of squares"  # what the losses measure, for the plot's axis
    # How many losses the run returned when `losses` keeps fewer: thinned evenly for
    # storage, the first and the last kept (None: every one is kept).
    losses_returned: int | None = None


@dataclass(frozen=True)
class CheckResult:
    question: str
    name: str
    score: float
    max_score: float
    message: str  # empty when the check passed
    hidden: bool
    hint: str = ""  # the known mistake the answer matches, in words for the student
    ran: bool = True  # False: not run here (a hidden check without a sandbox); message says why

    @property
    def passed(self) -> bool:
        return self.ran and self.score >= self.max_score

    @property
    def title(self) -> str:
        """`calculate_deltas: hidden case 3-5-4-2`: the function first, as platforms list it."""
        return f"{self.question}: {self.name}"


@dataclass(frozen=True)
class QuestionResult:
    name: str
    checks: list[CheckResult]
    note: str = ""  # why it may fail because of another function

    @property
    def score(self) -> float:
        return sum(check.score for check in self.checks)

    @property
    def max_score(self) -> float:
        return sum(check.max_score for check in self.checks)


@dataclass
class Report:
    submission: str
    assignment: str
    questions: list[QuestionResult]
    problems: list[str] = field(default_factory=list)  # cells that raised, limits, load errors
    hidden_checks: bool = True  # False: hidden checks not run (public only, or incomplete)
    seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    loaded: bool = True  # False: the file could not be read as a submission
    sandbox: str = "none"  # where the submission's code ran
    training: list[Training] = field(default_factory=list)  # for learning curves
    student: str = ""  # who submitted it, when a batch knows
    files: list[str] = field(default_factory=list)  # the student's own modules and data

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)

    @property
    def max_score(self) -> float:
        return sum(q.max_score for q in self.questions)

    @property
    def checks(self) -> list[CheckResult]:
        return [check for question in self.questions for check in question.checks]

    @property
    def not_run(self) -> list[CheckResult]:
        """Checks this grading should have run and did not: their points are unknown."""
        return [check for check in self.checks if not check.ran]

    @property
    def complete(self) -> bool:
        """Every check the grading was asked for ran. A public-only grading (`check`,
        `grade --public-only`) is complete out of the public points; one whose hidden
        checks could not run (no sandbox) is not, and must never read as a grade."""
        return not self.not_run

    @property
    def status(self) -> str:
        """The gradebook's word for this grading."""
        if not self.loaded:
            return "not graded"
        return "graded" if self.complete else "incomplete: hidden checks not run"
