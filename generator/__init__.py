"""budget-site: a department's budget performance targets (部门预算绩效目标) as an accessible
static website, a tagged PDF and open data, from the YAML files of content/.

The source folder is generator/; it is installed as the package `budget_site`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("budget-site")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
