"""Read content/ into the model, collecting every problem with its file, line and field.

read.py     one file within bounds: YAML with exact decimals and the line of every value
convert.py  plain data → the model's typed classes, every unknown, missing or mistyped field
loader.py   the whole folder: site, framework, years, retired URLs; each object's origin
sources.py  <year>/source-map.json: each object's place in the office's file, written by the import
"""

from .loader import (
    FRAMEWORKS,
    RETIRED,
    example_values,
    format_of,
    load,
    load_partly,
    presets,
    retired,
    selected_framework,
)
from .read import MAX_FILE_BYTES, Reader, read_text

__all__ = [
    "FRAMEWORKS",
    "MAX_FILE_BYTES",
    "RETIRED",
    "Reader",
    "example_values",
    "format_of",
    "load",
    "load_partly",
    "presets",
    "read_text",
    "retired",
    "selected_framework",
]
