"""Preview loop: seconds from saving a project file to the change showing at its URL.

    .venv/bin/python benchmarks/preview_bench.py            # seed content
    .venv/bin/python benchmarks/preview_bench.py --projects 500

Starts `budget-site serve` on a copy of the project, waits for the page, then edits one
project file several times and polls the page URL (every 50 ms) until each edit appears.
Prints each round and the median; no assertions.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float, step: float = 0.05) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if condition():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=0, help="synthetic department size (0 = seed content)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="budget-preview-"))
    if args.projects:
        from budget_site import synthetic

        synthetic.write_content(root / "content", args.projects)
    else:
        shutil.copytree(REPO / "content", root / "content")
    source = sorted((root / "content/2023/projects").glob("*.yml"))[0]
    code = source.stem
    port = free_port()
    url = f"http://127.0.0.1:{port}/2023/projects/{code}/"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "budget_site.cli", "--root", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first = wait_for(lambda: code in fetch(url), 600, 0.2)
        if first is None:
            sys.exit("预览服务没有启动")
        print(f"serve 启动到页面可访问：{time.perf_counter() - started:.2f} s")
        time.sleep(1.0)
        times = []
        original = source.read_text(encoding="utf-8")
        for i in range(args.rounds):
            marker = f"预览测试用途{i}号"
            text = (
                "\n".join(
                    f"purpose: {marker}" if line.startswith("purpose:") else line for line in original.splitlines()
                )
                + "\n"
            )
            source.write_text(text, encoding="utf-8")
            seconds = wait_for(lambda marker=marker: marker in fetch(url), 120)
            times.append(seconds)
            print(f"第 {i + 1} 次修改到页面更新：" + (f"{seconds:.2f} s" if seconds is not None else "> 120 s"))
            time.sleep(1.0)
        done = [t for t in times if t is not None]
        if done:
            print(f"中位数：{statistics.median(done):.2f} s（目标 ≤ 2 s）")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
