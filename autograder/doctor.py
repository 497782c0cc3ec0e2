"""`autograder doctor`: what this machine can do for grading, and how to fill each gap.

Each finding is one line: what was looked at, what was found, and, where something is
missing, the command that fixes it. `verdict` is the sandbox's finding alone, the line
`grade` and `batch` print when they cannot isolate a submission.
"""

from __future__ import annotations

import os
import platform
import pwd
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from autograder.run import sandbox as sandboxes

PACKAGES = ("backprop-lab", "numpy", "nbformat", "matplotlib", "tqdm", "pyyaml")
INSTALL_BUBBLEWRAP = "apt-get install bubblewrap (Debian, Ubuntu); dnf install bubblewrap (Fedora)"


@dataclass(frozen=True)
class Finding:
    topic: str
    found: str
    fix: str = ""  # the command or step that fills the gap; empty when nothing is missing

    @property
    def ok(self) -> bool:
        return not self.fix

    def line(self) -> str:
        mark = "ok" if self.ok else "MISSING"
        return f"{mark:7} {self.topic}: {self.found}" + (f"\n        fix: {self.fix}"
                                                        if self.fix else "")


def _user() -> str:
    try:
        return f"{pwd.getpwuid(os.geteuid()).pw_name} (uid {os.geteuid()})"
    except KeyError:
        return f"uid {os.geteuid()}"


def sandbox_finding(chosen: sandboxes.Sandbox | None = None) -> Finding:
    """Which sandbox grading uses here and why; `chosen` is the one a command already chose."""
    chosen = chosen or sandboxes.choose()
    root = os.geteuid() == 0
    who = f"the grader runs as {_user()}"
    if chosen.namespaced:
        how = ("each child runs as a uid of its own" if root
               else "children share the grader's user, kept apart by namespaces")
        return Finding("sandbox", f"bubblewrap works; {who}, {how}")
    failure = sandboxes.bubblewrap_failure()
    if os.environ.get("AUTOGRADER_SANDBOX") == "none":
        why, fix = "bubblewrap was not used (AUTOGRADER_SANDBOX=none)", "unset AUTOGRADER_SANDBOX"
    elif failure == "bwrap is not installed":
        why, fix = "bubblewrap is not installed", INSTALL_BUBBLEWRAP
    elif failure is not None:
        why = f"bubblewrap cannot create its namespaces ({failure})"
        fix = ("allow unprivileged user namespaces (sysctl -w kernel.unprivileged_userns_clone=1"
               " and, on Ubuntu 24.04, kernel.apparmor_restrict_unprivileged_userns=0), or, in "
               "Docker, run with --security-opt seccomp=unconfined --security-opt "
               "apparmor=unconfined")
    else:
        why, fix = "bubblewrap was not used (--unsafe-no-sandbox)", ""
    if chosen.isolates:
        return Finding("sandbox", f"unprivileged user (the fallback): {why}; {who}, so each "
                                  "child runs as a uid of its own without namespaces: it may "
                                  "read what any user may read", fix)
    if not root:
        fallback = "the fallback (a uid per child) needs a root grader"
    elif failure is None:
        fallback = "the fallback was not tried"
    else:
        fallback = (f"the fallback (a uid per child) cannot start this Python "
                    f"({sys.executable}): it lies where other users may not read")
    return Finding("sandbox", f"none: {why}; {who}; {fallback}. Hidden checks do not run "
                              "(--unsafe-no-sandbox runs them, for code you trust)", fix)


def verdict(chosen: sandboxes.Sandbox | None = None) -> str:
    """The sandbox's finding in one line."""
    finding = sandbox_finding(chosen)
    return f"{finding.found}" + (f"; fix: {finding.fix}" if finding.fix else "")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def package_findings() -> list[Finding]:
    python = Finding("python", f"{platform.python_version()} ({sys.executable})")
    versions = {name: _version(name) for name in PACKAGES}
    missing = [name for name, version in versions.items() if version is None]
    found = ", ".join(f"{name} {version}" for name, version in versions.items() if version)
    packages = Finding("packages", found + (f"; not found: {', '.join(missing)}" if missing
                                            else ""),
                       "pip install -e ." if missing else "")
    nbgrader = _version("nbgrader")
    releasing = Finding("nbgrader", f"{nbgrader}: `autograder release` works" if nbgrader
                        else "not installed: `autograder release` cannot make student notebooks",
                        "" if nbgrader else "pip install 'backprop-lab[instructor]'")
    return [python, packages, releasing]


def chromium_finding() -> Finding:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser and driver:
        return Finding("chromium", f"{browser} and {driver}: the feedback page's browser "
                                   "test runs")
    return Finding("chromium", "not found: the feedback page's browser test cannot run "
                               "(grading does not need it)",
                   "apt-get install chromium chromium-driver")


def course_finding(course: Path | None) -> Finding:
    from autograder.suites import assignments

    names = assignments()
    if course is None:
        return Finding("course", f"no course directory (with solutions/) here or above; "
                                 f"assignments built in: {', '.join(names)}. `grade` needs "
                                 "the course's solutions/; `check` does not",
                       "run in the course directory, or give --course")
    found = {name: (course / "solutions" / name).is_dir() for name in names}
    with_solutions = [name for name, yes in found.items() if yes]
    without = [name for name, yes in found.items() if not yes]
    return Finding("course", f"{course}: assignments {', '.join(names)}; solutions for "
                             f"{', '.join(with_solutions) or 'none'}"
                             + (f"; no solutions/ for {', '.join(without)}" if without else ""),
                   "" if with_solutions else "put each assignment's solutions/NAME/ here")


def findings(course: Path | None, chosen: sandboxes.Sandbox) -> list[Finding]:
    return [sandbox_finding(chosen), *package_findings(), chromium_finding(),
            course_finding(course)]


def report(course: Path | None, chosen: sandboxes.Sandbox) -> tuple[str, bool]:
    """The doctor's page for grading in `chosen`, and whether grading here is complete
    (hidden checks can run)."""
    lines = [finding.line() for finding in findings(course, chosen)]
    lines.append("grading here: complete, hidden checks included" if chosen.isolates else
                 "grading here: INCOMPLETE (public checks only) until the sandbox is fixed")
    return "\n".join(lines) + "\n", chosen.isolates
