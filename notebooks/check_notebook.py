#!/usr/bin/python3
"""Checks executed notebooks (the output of nbconvert --execute --allow-errors).

    notebooks/check_notebook.py NOTEBOOK...

Fails (exit 1), naming the notebook and the cell, when
  - a cell has an error output (an exception or a compile error in the Java kernel),
  - a code cell tagged "chart" has no image/png output (a chart that silently did not render),
  - a non-empty code cell was not executed (the run stopped before it).
Exit 2 when a notebook cannot be read. Needs only the standard library and nbformat (Debian's
python3-nbformat, hence /usr/bin/python3 rather than whatever python3 is first on PATH).
"""
import re
import sys

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_TRACEBACK_LINES = 8


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
