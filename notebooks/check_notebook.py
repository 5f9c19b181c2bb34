#!/usr/bin/python3
"""Checks executed notebooks (the output of nbconvert --execute --allow-errors).

    notebooks/check_notebook.py NOTEBOOK...

Fails (exit 1), naming the notebook and the cell, when
  - a cell has an error output (an exception or a compile error in the Java kernel),
  - a code cell tagged "chart" has no image/png output (a chart that silently did not render),
  - a non-empty code cell was not executed (the run stopped before it),
  - an output names an absolute path of the machine that ran it (under the project root, the
    temp directory, or any absolute path of two or more parts, such as /work/main/conf): saved
    outputs are committed and read elsewhere, so cells print paths relative to the project
    (Notebooks.shown in the examples module).
Exit 2 when a notebook cannot be read. Needs only the standard library and nbformat (Debian's
python3-nbformat, hence /usr/bin/python3 rather than whatever python3 is first on PATH).
"""
import os
import re
import sys
import tempfile

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_TRACEBACK_LINES = 8
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where this machine's absolute paths start; each must be followed by a separator or the end.
MACHINE_PREFIXES = sorted({p.rstrip("/") for p in (ROOT, os.path.realpath(ROOT), "/tmp",
                                                   tempfile.gettempdir(),
                                                   os.path.realpath(tempfile.gettempdir()))
                           if p.rstrip("/")}, key=len, reverse=True)
# Any absolute path of two or more parts (/work/main/conf), not preceded by a word, a dot or a
# colon, so "rows/s", "3/20", "./x" and URLs ("https://...") do not count.
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[\w.+@-]+/)+[\w.+@-]*")
TEXT_MIME = re.compile(r"^(text/|application/(json|javascript))")


def describe(path, index, cell):
    """Where a cell is: 0-based index in the notebook, its In [n] number and tags, first line."""
    parts = [f"In [{cell.get('execution_count') or ' '}]"]
    tags = cell.get("metadata", {}).get("tags", [])
    if tags:
        parts.append("tags: " + ", ".join(tags))
    first_line = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    if len(first_line) > 60:
        first_line = first_line[:57] + "..."
    return f"{path}: cell {index} ({'; '.join(parts)}) `{first_line}`"


def error_text(output):
    lines = [ANSI.sub("", line).rstrip()
             for text in output.get("traceback", []) for line in text.splitlines()]
    lines = [line for line in lines if line.strip()][:MAX_TRACEBACK_LINES]
    head = f"{output.get('ename', 'error')}: {output.get('evalue', '')}".rstrip(": ")
    return head + "".join("\n    " + line for line in lines)


def output_texts(output):
    """The human-readable text of an output: streams, text/* data, an error's message."""
    kind = output.get("output_type")
    if kind == "stream":
        yield "".join(output.get("text", ""))
    elif kind in ("execute_result", "display_data"):
        for mime, value in output.get("data", {}).items():
            if TEXT_MIME.match(mime):
                yield value if isinstance(value, str) else "".join(map(str, value))
    elif kind == "error":
        yield output.get("evalue", "")
        yield "\n".join(output.get("traceback", []))


def machine_path(text):
    """The first absolute path of this (or another) machine in text, or None."""
    for prefix in MACHINE_PREFIXES:
        match = re.search(re.escape(prefix) + r"(?=[/\s'\";:,)]|$)[^\s'\";,)]*", text)
        if match:
            return match.group(0)
    match = ABSOLUTE_PATH.search(text)
    return match.group(0) if match else None


def problems(path):
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        where = describe(path, index, cell)
        for output in outputs:
            if output.get("output_type") == "error":
                yield f"{where}: error output\n  {error_text(output)}"
            for text in output_texts(output):
                found = machine_path(ANSI.sub("", text))
                if found:
                    yield (f"{where}: an output names the absolute path {found}; print paths"
                           " relative to the project (Notebooks.shown) so saved outputs fit"
                           " any machine")
                    break
        if "chart" in cell.get("metadata", {}).get("tags", []) \
                and not any("image/png" in output.get("data", {}) for output in outputs):
            yield f"{where}: tagged 'chart' but has no image/png output"
        if cell.source.strip() and cell.get("execution_count") is None:
            yield f"{where}: not executed"


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        try:
            found = list(problems(path))
        except (OSError, ValueError, nbformat.ValidationError) as e:
            print(f"{path}: cannot read notebook: {e}", file=sys.stderr)
            status = max(status, 2)
            continue
        for problem in found:
            print("FAIL " + problem, file=sys.stderr)
        if found:
            status = max(status, 1)
        else:
            print(f"ok   {path}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
