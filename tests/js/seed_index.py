"""Write the search index of the repository's content/ (the seed) for the node tests of the browser
search engine: <folder>/search/index.json and body.json, as the build writes them (make test-js)."""

from __future__ import annotations

import sys
from pathlib import Path

from budget_site.content import load
from budget_site.exports import search

REPO = Path(__file__).resolve().parent.parent.parent

if __name__ == "__main__":
    search.write(load(REPO / "content"), Path(sys.argv[1]))
