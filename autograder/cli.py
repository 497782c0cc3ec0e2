"""The `autograder` command: grade, check, batch, release, gradescope, demo, doctor.

Exit codes: 0 the submission was graded (whatever its score; for `check`, every public
check passed; for `batch`, every gradable file found is on a student's row); 1 `check`
found a failing check, or `batch` found files on no student's row;
2 nothing could be graded (bad usage, no solutions/ for `grade`); 3 the file is not a
submission that can be read (the report, scored 0, is still written); 4 (`grade`, `demo`,
`batch`)
the grading is incomplete: no sandbox here keeps the submission from the reference, so the
hidden checks were not run (the report, out of every point and saying so, is still
written); `grade --public-only` grades the public checks alone and exits 0. `doctor`
exits 0 when gradings here are complete, 1 when they cannot be.

AUTOGRADER_SANDBOX=none makes the grader use no sandbox even where one exists, as on a
machine without one (for tests and for trying out what such a machine does). It can only
weaken: with it, hidden checks are not run unless --unsafe-no-sandbox is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

from autograder import which
from autograder.errors import LoadError, ReferenceFailed
from autograder.report import gradescope, text
from autograder.report.model import Report
from autograder.run.child import Child, Limits
from autograder.run.sandbox import NONE, Sandbox, choose
from autograder.suites import DEFAULT, Suite, assignments, get_suite

EXIT_GRADED, EXIT_FAILED_CHECK, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INCOMPLETE = 0, 1, 2, 3, 4
SANDBOX_VARIABLE = "AUTOGRADER_SANDBOX"
# One submission at a time: training runs in a second child where a second core is free.
SPARE_CORES = (os.cpu_count() or 1) > 1


class UsageError(Exception):
    """Nothing can be graded as asked; the message is the one line a user sees."""


def find_course(given: str | None) -> Path | None:
    """The course directory: given, else the nearest one up from here holding solutions/."""
    if given:
        return Path(given)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parents[1]):
        if (folder / "solutions").is_dir():
            return folder
    return None


def reference_of(suite: Suite, course: str | None) -> Path:
    folder = find_course(course)
    if folder is None or not (folder / suite.solution).is_file():
        raise UsageError(f"grading with hidden cases needs the reference {suite.solution}: run "
                         "in the course directory or give --course; `autograder check` runs "
                         "the public checks without it")
    return folder / suite.solution


def render(report: Report, fmt: str) -> str:
    if fmt == "html":
        from autograder.report import html

        return html.render(report)
    return gradescope.render(report) if fmt == "json" else text.render(report)


def emit(report: Report, fmt: str, output: str | None) -> None:
    rendered = render(report, fmt)
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    if not report.loaded:
        print(f"autograder: {text.printable(report.problems[0])}", file=sys.stderr)
    elif not report.complete:
        tell_why_not_isolated(machine_sandbox())
        print(f"autograder: INCOMPLETE: {report.not_run[0].message}", file=sys.stderr)


def exit_code(report: Report) -> int:
    """`grade`'s exit code: an unreadable file, else a grading without its hidden checks,
    stands out from a complete grading."""
    if not report.loaded:
        return EXIT_UNREADABLE
    return EXIT_GRADED if report.complete else EXIT_INCOMPLETE


def limits(args: argparse.Namespace) -> Limits:
    return Limits(wall_seconds=args.timeout, call_seconds=args.call_timeout,
                  cpu_seconds=args.cpu, memory_bytes=args.memory * 2**20,
                  processes=args.processes, file_bytes=args.file_size * 2**20)


def machine_sandbox() -> Sandbox:
    """The strongest sandbox here, or none where AUTOGRADER_SANDBOX=none says so."""
    asked = os.environ.get(SANDBOX_VARIABLE, "")
    if asked == NONE.name:
        return NONE
    if asked:
        raise UsageError(f"{SANDBOX_VARIABLE} may only be {NONE.name!r} (grade as a machine "
                         f"without a sandbox does), not {asked!r}")
    return choose()


def sandbox(args: argparse.Namespace) -> Sandbox:
    return NONE if args.unsafe_no_sandbox else machine_sandbox()


def tell_why_not_isolated(chosen: Sandbox) -> None:
    """Say on stderr why hidden checks cannot be isolated here, and what fixes it."""
    if chosen.isolates:
        return
    from autograder.doctor import verdict

    print(f"autograder: no sandbox here: {verdict(chosen)} (`autograder doctor` tells more)",
          file=sys.stderr)


def suite_of(args: argparse.Namespace) -> Suite:
    """The assignment asked for, else the one the submission's name or functions say
    (which.py); the user is told when it is not the name that decided."""
    if args.assignment:
        return get_suite(args.assignment)
    guessed = which.guess(Path(args.submission))
    if guessed.told(Path(args.submission).name):
        print(f"autograder: {text.printable(guessed.told(Path(args.submission).name))}",
              file=sys.stderr)
    return get_suite(guessed.assignment)


def warm_children(limits: Limits, sandbox: Sandbox, course: Path | None) -> list[Child]:
    """One submission at a time, with cores to spare: its children, started before the
    grader imports numpy and prepares, so that both starts overlap. `course`: the hidden
    checks will run, and its solutions/ is hidden from the children. The grader uses a
    child only if it was started as the grader would start it."""
    if not SPARE_CORES:
        return []
    if course is not None:
        sandbox = replace(sandbox, hide=((course / "solutions").resolve(),))
    return [Child.waiting(limits, sandbox) for _ in range(2)]


def grade_one(args: argparse.Namespace, public_only: bool = False) -> Report:
    """Grade the submission the arguments name: all checks, or with `public_only` those a
    student may run (restricted to --question). Its time is the whole grading's, the
    reference's answers to the hidden calls included."""
    started = time.perf_counter()
    course = find_course(args.course)
    chosen = sandbox(args)
    warm = warm_children(limits(args), chosen, None if public_only else course)
    try:
        from autograder.pipeline import Grader

        suite = suite_of(args)
        if public_only and getattr(args, "question", None):
            suite = suite.only(args.question)
        reference = None if public_only else reference_of(suite, args.course)
        grader = Grader(suite, reference, args.seed, limits(args), chosen,
                        unsafe=args.unsafe_no_sandbox and not public_only,
                        side_by_side=SPARE_CORES)
        report = grader.grade(args.submission, Path(args.results) if args.results else None,
                              warm)
    finally:
        for child in warm:
            child.discard()  # if it was not used
    if report.loaded:
        other = which.mismatch(Path(args.submission), suite.name)
        if other:
            report.problems.insert(0, other)
    report.seconds = time.perf_counter() - started
    return report


def not_a_submission(path: Path) -> str | None:
    """Why a path given to `grade` or `check` is no file to grade, or None."""
    if path.is_dir():
        return (f"{path} is a folder: `autograder batch` grades a folder of submissions; "
                "`grade` and `check` take one file")
    if not os.path.lexists(path):
        return f"no such file: {path}"
    return None


def grade(args: argparse.Namespace) -> int:
    why = not_a_submission(Path(args.submission))
    if why:
        print(f"autograder: {text.printable(why)}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = grade_one(args, public_only=args.public_only)
    emit(report, args.format, args.output)
    if args.public_only and report.loaded:
        print(f"autograder: --public-only: the public checks alone, {text.points(report.score)}"
              f"/{text.points(report.max_score)} public points; the hidden checks were not "
              "graded", file=sys.stderr)
    return exit_code(report)


def check(args: argparse.Namespace) -> int:
    why = not_a_submission(Path(args.submission))
    if why:
        print(f"autograder: {text.printable(why)}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = grade_one(args, public_only=True)
    emit(report, args.format, args.output)
    if not report.loaded:
        return EXIT_UNREADABLE
    return EXIT_GRADED if report.score == report.max_score else EXIT_FAILED_CHECK


def class_assignment(args: argparse.Namespace) -> str:
    """The assignment most of the class's submissions are for, by their names or functions
    (a first collection, into a scratch folder)."""
    from autograder.collect import CollectError, collect

    with tempfile.TemporaryDirectory() as scratch:
        try:
            found = collect([Path(p) for p in args.inputs], DEFAULT, Path(scratch), args.layout)
        except CollectError as error:
            raise UsageError(str(error)) from None
        guessed = which.of_class([e.submission for e in found.entries if e.submission])
    if guessed is None or guessed == DEFAULT:
        return DEFAULT  # each row says what its file lacks, if anything
    print(f"autograder: graded as {guessed}: most of the class's files are for it "
          "(--assignment chooses another)", file=sys.stderr)
    return guessed


def batch(args: argparse.Namespace) -> int:
    """Grade a class. Exit 0 when every gradable file found is on a student's row; 1 when
    some were given to no student (the layout, detected or given, does not fit the input:
    they are listed on the terminal and in the summary); 4 when rows were graded without
    their hidden checks (no sandbox here)."""
    from autograder.batch import BatchError, grade_class, write_feedback
    from autograder.collect import CollectError
    from autograder.pipeline import Grader
    from autograder.report import gradebook, summary

    suite = get_suite(args.assignment or class_assignment(args))
    reference = reference_of(suite, args.course)
    out = Path(args.out)

    chosen = sandbox(args)

    def grader_for(seed: int) -> Grader:
        return Grader(suite, reference, seed, limits(args), chosen, unsafe=args.unsafe_no_sandbox)

    try:
        done, collection = grade_class([Path(p) for p in args.inputs], grader_for, out,
                                       suite.name, args.jobs, args.seed, args.resume,
                                       show_progress=not args.quiet, layout=args.layout)
    except (BatchError, CollectError) as error:
        raise UsageError(str(error)) from None
    except KeyboardInterrupt:
        print(f"\nautograder: interrupted; what was graded is kept in {out / 'results'}: "
              "run the same command with --resume to grade the rest", file=sys.stderr)
        return 130
    entries = collection.entries
    warnings = list(collection.warnings)
    if collection.unassigned:
        count = len(collection.unassigned)
        listed = ", ".join(collection.unassigned[:10]) + (
            f" and {count - 10} more" if count > 10 else "")
        files_are = "file is" if count == 1 else "files are"
        warnings.insert(0, f"{count} .ipynb or .py {files_are} on no student's row (layout "
                           f"{args.layout}): {listed}; give --layout to read the input "
                           "another way")
    reports = done.reports(entries)
    gradebook.write(out / "gradebook.csv", list(reports.values()),
                    [q.name for q in suite.questions])
    overview = summary.summarize(suite.name, list(reports.values()))
    (out / "summary.html").write_text(summary.page(overview, warnings), encoding="utf-8")
    if args.feedback:
        write_feedback(done, entries, args.jobs, show_progress=not args.quiet)
    sys.stdout.write(summary.text(overview))
    for warning in map(text.printable, warnings):  # file names come from students
        print(f"warning: {warning}")
        print(f"autograder: warning: {warning}", file=sys.stderr)
    print(f"wrote {out / 'gradebook.csv'}, {out / 'summary.html'}"
          + (f", {out / 'feedback'}/" if args.feedback else ""))
    if overview.incomplete:
        tell_why_not_isolated(machine_sandbox())
    if collection.unassigned:
        return EXIT_FAILED_CHECK
    return EXIT_INCOMPLETE if overview.incomplete else EXIT_GRADED


def bundle(args: argparse.Namespace) -> int:
    from autograder.bundle import build

    course = find_course(args.course)
    if course is None:
        raise UsageError("gradescope needs the course directory (with solutions/): give --course")
    try:
        print(f"wrote {build(course, Path(args.out), args.assignment)}")
    except FileNotFoundError as error:
        raise UsageError(f"the bundle needs the reference: {error}") from None
    return EXIT_GRADED


def demo(args: argparse.Namespace) -> int:
    submission = files("autograder").joinpath("demo", "backprop_demo.py")
    machine = machine_sandbox()
    warm = warm_children(Limits(), machine, find_course(args.course))
    try:
        from autograder.pipeline import Grader

        suite = get_suite(DEFAULT)
        try:
            reference = reference_of(suite, args.course)
        except UsageError as error:
            print(f"autograder: {error}", file=sys.stderr)
            reference = None
        # The bundled submission is the project's own code: its hidden checks run even
        # where no sandbox could keep a student's code from the reference.
        report = Grader(suite, reference, sandbox=machine, unsafe=True,
                        side_by_side=SPARE_CORES).grade(Path(str(submission)), warm=warm)
        if reference is not None and not machine.isolates:
            from autograder.doctor import verdict

            print("autograder: the demo's own submission was graded without a sandbox; "
                  f"students' submissions would not be: {verdict(machine)} "
                  "(`autograder doctor` tells more)", file=sys.stderr)
    finally:
        for child in warm:
            child.discard()  # if it was not used
    sys.stdout.write(text.render(report))
    return exit_code(report)


def release(args: argparse.Namespace) -> int:
    try:
        from autograder.release import ReleaseError, build_student_wheel, release_all
    except ImportError as error:
        raise UsageError(f"release needs nbgrader ({error}): "
                         "pip install 'backprop-lab[instructor]'") from None

    course = find_course(args.course)
    if course is None:
        raise UsageError("release needs the course directory (with solutions/): give --course")
    with tempfile.TemporaryDirectory() as scratch:
        try:
            wheel = build_student_wheel(Path(scratch))
        except ReleaseError as error:
            raise UsageError(str(error)) from None
        for written in release_all(course, wheel):
            print(f"wrote {written}")
    return EXIT_GRADED


def doctor(args: argparse.Namespace) -> int:
    from autograder.doctor import report

    page, can_grade = report(find_course(args.course), machine_sandbox())
    sys.stdout.write(page)
    return EXIT_GRADED if can_grade else EXIT_FAILED_CHECK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)

    def limit_flags(command: argparse.ArgumentParser) -> None:
        command.add_argument("--assignment", metavar="NAME",
                             help=f"the assignment: {', '.join(assignments())} (default: the "
                             "one the file's name says, as perceptron.ipynb or an LMS's "
                             "..._perceptron.ipynb, else the one whose functions it defines; "
                             "for batch, the one most of the class's files are for)")
        command.add_argument("--course", help="the course directory (default: found from here)")
        command.add_argument("--seed", type=int, help="draw the same random cases every time")
        default = Limits()
        for flag, kind, value, help_text in (
            ("--timeout", float, default.wall_seconds, "seconds the submission may run in all"),
            ("--call-timeout", float, default.call_seconds, "seconds for one call"),
            ("--cpu", int, default.cpu_seconds, "CPU seconds"),
            ("--memory", int, default.memory_bytes // 2**20, "MiB of address space"),
            ("--processes", int, default.processes, "processes, where the child runs as "
                                                    "nobody"),
            ("--file-size", int, default.file_bytes // 2**20, "MiB the largest file may have"),
        ):
            command.add_argument(flag, type=kind, default=value,
                                 help=f"limit: {help_text} (default {value:g})")
        command.add_argument("--unsafe-no-sandbox", action="store_true",
                             help="run the submission without a sandbox, hidden checks "
                                  "included: only for code you trust")

    def submission_command(name: str, help_text: str, action) -> None:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("submission", help="the student's .ipynb or .py")
        command.add_argument("--format", choices=("text", "json", "html"), default="text",
                             help="json: Gradescope's results.json; html: a feedback page")
        command.add_argument("--output", help="write the report here instead of stdout")
        command.add_argument("--results", help="the student's results.txt "
                                               "(default: beside the submission)")
        limit_flags(command)
        command.set_defaults(action=action)

    submission_command("grade", "every check, hidden cases included (needs solutions/)", grade)
    commands.choices["grade"].add_argument(
        "--public-only", action="store_true",
        help="grade the public checks alone, out of the public points (no solutions/ needed); "
             "without it, a grading whose hidden checks cannot run here exits 4")
    submission_command("check", "the public checks, as a student runs them", check)
    commands.choices["check"].add_argument(
        "--question", action="append", help="check only this question (repeatable): "
                                              "one CI test per question")
    command = commands.add_parser("batch", help="grade a class: gradebook, summary, feedback")
    command.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="a folder of submissions (one file or folder per student, "
                              "nbgrader's submitted/, a Gradescope export) or a zip of one")
    command.add_argument("--out", default="grading-output", help="where results go "
                         "(default grading-output)")
    command.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="submissions graded at once (default: the number of cores)")
    command.add_argument("--resume", action="store_true",
                         help="finish an interrupted batch in --out, grading only the rest")
    command.add_argument("--feedback", action="store_true",
                         help="also write an HTML feedback page per student")
    command.add_argument("--quiet", action="store_true", help="no progress bar")
    from autograder.collect import LAYOUTS

    command.add_argument("--layout", choices=LAYOUTS, default="auto",
                         help="how the input is laid out: flat (a file per student), folders "
                              "(a folder per student), nbgrader (submitted/), gradescope (an "
                              "export with submission_metadata.yml at its root); auto (the "
                              "default) decides from the input's root only")
    limit_flags(command)
    command.set_defaults(action=batch)
    command = commands.add_parser("gradescope", help="build Gradescope's autograder zip")
    command.add_argument("--out", default="autograder.zip",
                         help="where to write the zip (default autograder.zip)")
    command.add_argument("--assignment", default=DEFAULT, metavar="NAME",
                         help=f"the assignment it grades: {', '.join(assignments())} "
                         f"(default {DEFAULT})")
    command.add_argument("--course", help="the course directory (default: found from here)")
    command.set_defaults(action=bundle)
    for name, help_text, action in (
        ("release", "regenerate assignments/ from solutions/, with the student wheel", release),
        ("demo", "grade a bundled example submission", demo),
        ("doctor", "what this machine can do for grading, and how to fill each gap", doctor),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--course", help="the course directory (default: found from here)")
        command.set_defaults(action=action)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.action(args)
    except (UsageError, KeyError) as error:
        print(f"autograder: {error.args[0]}", file=sys.stderr)
    except LoadError as error:
        print(f"autograder: the reference solution cannot be loaded: {error}", file=sys.stderr)
    except ReferenceFailed as error:
        print(f"autograder: {error}; nothing was graded", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
