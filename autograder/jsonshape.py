"""The shape of a JSON text, measured without parsing it: how deep its lists and objects
nest, how many values they hold and how long its longest number is, counted outside its
strings, in time linear in the text's length.

`json.loads` recurses once per level of nesting (RecursionError past about a thousand),
builds one Python object per value (a 20 MiB list of `{}` costs 486 MiB and half a second)
and converts integers digit by digit. A file a student hands in is measured first, so that
one whose shape is not a notebook's is refused before any of that.

The text is scanned as bytes, in chunks, with numpy: JSON's structural characters are
ASCII, and no byte of a multi-byte UTF-8 character is.
"""

from __future__ import annotations

from dataclasses import dataclass

CHUNK = 2**20  # bytes per step: bounds the scan's own memory (a few bytes per byte)
# What each byte is, outside strings: the scan's one table look-up per byte.
OTHER, OPEN, CLOSE, COMMA, DIGIT, QUOTE = range(6)


@dataclass(frozen=True)
class Shape:
    depth: int  # the deepest nesting of lists and objects (a top-level list is 1)
    values: int  # commas and opening brackets: at least the values lists and objects hold
    digits: int  # the longest run of digits, which in valid JSON is part of a number


def shape(text: bytes, bound: Shape | None = None) -> Shape:
    """The shape of a JSON text (UTF-8). Of text that is not valid JSON, the figures are
    at least those of the part before its first error, which is all that a parser reads.

    With a `bound`, the scan stops as soon as one figure is past the bound's: the figures
    are then those of the text scanned so far, one of them past its bound."""
    import numpy as np

    # Escaped backslashes, then escaped quotes, removed (pairs left to right, as a parser
    # reads them): every quote left opens or closes a string.
    if b"\\" in text:
        text = text.replace(b"\\\\", b"").replace(b'\\"', b"")
    kinds = np.zeros(256, np.uint8)
    for characters, kind in (("[{", OPEN), ("]}", CLOSE), (",", COMMA), ("0123456789", DIGIT),
                             ('"', QUOTE)):
        kinds[[ord(c) for c in characters]] = kind
    steps = np.zeros(QUOTE + 1, np.int8)
    steps[OPEN], steps[CLOSE] = 1, -1
    data = np.frombuffer(text, np.uint8)
    inside = depth = deepest = values = run = longest = 0
    for start in range(0, data.size, CHUNK):
        part = kinds.take(data[start:start + CHUNK])
        quotes = part == QUOTE
        count = int(np.count_nonzero(quotes))
        if count:
            # Quotes so far, counted modulo 256 (parity is all that matters): 1 outside
            # strings, 0 inside, and what is inside becomes OTHER (0).
            outside = np.cumsum(quotes, dtype=np.uint8)
            outside += inside + 1
            outside &= 1
            part *= outside
            inside = (inside + count) & 1
        elif inside:
            run = 0  # the whole chunk is inside one string
            continue
        opened = int(np.count_nonzero(part == OPEN))
        values += opened + int(np.count_nonzero(part == COMMA))
        if opened or np.any(part == CLOSE):
            levels = np.cumsum(steps.take(part), dtype=np.int32)
            deepest, depth = max(deepest, depth + int(levels.max())), depth + int(levels[-1])
        digit = part == DIGIT
        run, longest = _digits(digit, run, longest) if digit.any() else (0, longest)
        if bound and (deepest > bound.depth or values > bound.values or longest > bound.digits):
            break
    return Shape(deepest, values, longest)


def _digits(digit, run: int, longest: int) -> tuple[int, int]:
    """The run of digits at the end of a chunk and the longest so far, from where the
    chunk holds digits and the run it continues from the chunk before."""
    import numpy as np

    edges = np.diff(np.concatenate(([False], digit, [False])).view(np.int8))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = stops - starts
    if starts[0] == 0:
        lengths[0] += run
    longest = max(longest, int(lengths.max()))
    return (int(lengths[-1]) if stops[-1] == digit.size else 0), longest


def beyond(text: bytes, bound: Shape) -> str | None:
    """What in a JSON text is past the bound, in words that finish "its JSON ...", or None
    when nothing is: then the text can be parsed safely and cheaply."""
    measured = shape(text, bound)
    if measured.depth > bound.depth:
        return f"nests lists and objects more than {bound.depth} deep"
    if measured.digits > bound.digits:
        return f"holds a number of more than {bound.digits} digits"
    if measured.values > bound.values:
        return f"holds more than {bound.values:,} values"
    return None
