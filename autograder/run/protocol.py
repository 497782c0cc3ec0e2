"""What crosses between grader and child: calls out, replies back, all plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One call of a student's function with plain-data arguments."""

    function: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    echo_args: bool = False  # send the arguments back after the call, to see mutation

    def to_json(self, call_id: int) -> dict[str, Any]:
        return {
            "id": call_id,
            "function": self.function,
            "args": list(self.args),
            "kwargs": dict(self.kwargs),
            "echo_args": self.echo_args,
        }


def constant(value: float) -> dict[str, Any]:
    """An argument that the child turns into `lambda: value`."""
    return {"$callable": "constant", "value": value}


def counter(start: float = 1.0, step: float = 1.0) -> dict[str, Any]:
    """An argument that returns start, start + step, ... on successive calls."""
    return {"$callable": "counter", "start": start, "step": step}


def table(inputs: list[list[float]], outputs: list[list[float]]) -> dict[str, Any]:
    """An argument f with f(inputs[i]) == outputs[i]."""
    return {"$callable": "table", "inputs": inputs, "outputs": outputs}


def generator(seed: int) -> dict[str, Any]:
    """An argument that the child turns into numpy.random.default_rng(seed): a random
    generator crosses as its seed, so that the reference and the catalog's mistakes can be
    handed the very same draws."""
    return {"$generator": seed}


@dataclass(frozen=True)
class Failure:
    """An exception raised by the student's code, as the child described it."""

    type: str
    message: str
    traceback: str = ""
    # where the arguments did not fit the function: how the student wrote it, and how the
    # assignment's notebook does (when the grader knows)
    signature: str = ""
    expected_signature: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Failure:
        return cls(
            type=str(data.get("type", "Error")),
            message=str(data.get("message", "")),
            traceback=str(data.get("traceback", "")),
            signature=str(data.get("signature", ""))[:1000],
        )

    @property
    def at_the_boundary(self) -> bool:
        """The call failed before the function ran: its arguments do not fit."""
        return bool(self.signature)

    def __str__(self) -> str:
        if self.type == "Missing":
            return f"{self.message} in the submission"
        said = f"{self.type}: {self.message}" if self.message else self.type
        if self.signature:
            said += (f"; the assignment's function is {self.expected_signature}, yours is "
                     f"{self.signature}" if self.expected_signature
                     else f"; yours is {self.signature}")
        return said


@dataclass(frozen=True)
class Reply:
    """What came back for one call; `lost` says why nothing came back at all."""

    value: Any = None
    failure: Failure | None = None
    unsupported: str | None = None  # the value was not plain numbers and lists
    args_after: list[Any] | None = None
    callable_calls: tuple[int, ...] = ()
    seconds: float = 0.0
    lost: str | None = None
    skipped: bool = False  # not made: its check was decided by the calls before it

    @property
    def ok(self) -> bool:
        return (self.failure is None and self.unsupported is None and self.lost is None
                and not self.skipped)

    def problem(self, function: str) -> str:
        """Why there is no value to compare, in a student's words; empty when there is one."""
        if self.skipped:
            return f"{function} was not called: its check was already decided"
        if self.lost:
            return f"{function} gave no answer: {self.lost}"
        if self.failure:
            if self.failure.type == "Missing":
                return str(self.failure)
            if self.failure.type == "NotImplementedError":
                return f"{function} is not implemented yet (it raises NotImplementedError)"
            return f"{function} raised {self.failure}"
        if self.unsupported:
            return (
                f"{function} returned {self.unsupported}; expected numbers "
                "in lists or numpy arrays"
            )
        return ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        """Raises TypeError or ValueError for a reply that is not of the protocol's form."""
        error = data.get("error")
        return cls(
            value=data.get("value"),
            failure=Failure.from_json(error) if isinstance(error, dict) else None,
            unsupported=data.get("unsupported"),
            args_after=data.get("args_after"),
            callable_calls=tuple(data.get("callable_calls", ())),
            seconds=float(data.get("seconds", 0.0)),
        )


@dataclass(frozen=True)
class CellError:
    """A cell of the submission that raised while it was run."""

    index: int
    failure: Failure
