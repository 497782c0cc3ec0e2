"""Who handed in each submission of a Gradescope export: `submission_metadata.yml`,
read with a byte cap, without YAML aliases, nested at most a few levels, its types checked.

The file comes in whatever zip was uploaded, so it is data to check like any student's:
a 1.5 KB file of aliases must not expand into a 7 MB name, and a `:submitters:` of the
wrong type costs the row of that submission (named by its folder, with the reason),
never the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.files import Refused, read_capped
from autograder.names import shown

FILE = "submission_metadata.yml"
MAX_BYTES = 8 * 2**20  # 400 bytes a submission in a real export: 20,000 of them, ~40 s
MAX_NESTING = 16  # a real export nests 4 levels
MAX_SUBMITTERS = 20  # one group
MAX_NAME_CHARACTERS = 128  # one submitter's SID, email or name
FIELDS = (":sid", ":email", ":name")  # the first one given names the submitter


class MetadataError(Exception):
    """The metadata file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Named:
    """The name of one submission's row, or why the metadata gives none."""

    student: str | None
    problem: str = ""


class _Alias:
    """What a YAML alias reads as: no value that a name or a list could be made of."""


def _loader() -> type:
    import yaml  # only instructors reading a Gradescope export need it

    class Loader(yaml.SafeLoader):
        """The safe loader, with every alias read as _Alias and nesting bounded (the
        composer recurses once a level)."""

        nesting = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.get_event()
                return yaml.ScalarNode("!alias", "", event.start_mark, event.end_mark)
            self.nesting += 1
            try:
                if self.nesting > MAX_NESTING:
                    raise yaml.composer.ComposerError(
                        None, None, f"nested more than {MAX_NESTING} levels",
                        self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self.nesting -= 1

    Loader.add_constructor("!alias", lambda loader, node: _Alias())
    return Loader


def read(path: Path, within: Path) -> dict[str, Named]:
    """Each submission folder's name -> the name of its row (or why there is none)."""
    import yaml

    try:
        text = read_capped(path, MAX_BYTES, within).decode("utf-8")
        data = yaml.load(text, Loader=_loader())  # noqa: S506  the safe loader, subclassed
    except Refused as refused:
        raise MetadataError(str(refused)) from None
    except UnicodeDecodeError:
        raise MetadataError(f"{FILE} is not UTF-8 text") from None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: an integer of 5,000 digits
        raise MetadataError(f"{FILE} is not YAML that can be read: "
                            f"{shown(str(error).splitlines()[0], 200)}") from None
    if not isinstance(data, dict):
        raise MetadataError(f"{FILE} does not map submissions to their submitters")
    return {key: _named(info) for key, info in data.items() if isinstance(key, str)}


def _named(info: object) -> Named:
    if isinstance(info, _Alias):
        return Named(None, "its entry is a YAML alias")
    if not isinstance(info, dict):
        return Named(None, "its entry is not a mapping")
    submitters = info.get(":submitters")
    if isinstance(submitters, _Alias):
        return Named(None, ":submitters: is a YAML alias")
    if not isinstance(submitters, list) or not submitters:
        return Named(None, ":submitters: is not a list of submitters")
    if len(submitters) > MAX_SUBMITTERS:
        return Named(None, f":submitters: lists more than {MAX_SUBMITTERS} submitters")
    names = []
    for submitter in submitters:
        if not isinstance(submitter, dict):
            return Named(None, "a submitter is not a mapping")
        given = next(((f, submitter[f]) for f in FIELDS if submitter.get(f) not in (None, "")),
                     None)
        if given is None:
            return Named(None, "a submitter has no :sid, :email or :name")
        field, value = given
        if isinstance(value, _Alias):
            return Named(None, f"a submitter's {field} is a YAML alias")
        if isinstance(value, bool) or not isinstance(value, str | int):
            return Named(None, f"a submitter's {field} is not text")
        text = shown(str(value), 10**6).strip()
        if len(text) > MAX_NAME_CHARACTERS:
            return Named(None, f"a submitter's {field} is longer than {MAX_NAME_CHARACTERS} "
                               "characters")
        if not text:
            return Named(None, f"a submitter's {field} is empty")
        names.append(text)
    return Named("+".join(names))
