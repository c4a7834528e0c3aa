"""Start-up: ``coach --help``, ``coach serve`` time to the first page against a minimal
one-textbox Gradio app measured in the same run, and the server's idle RSS.

    python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import coach_exe, free_port, rss_mb, summary, table, wait_http, write

MINIMAL_APP = textwrap.dedent(
    """
    import sys
    import gradio as gr
    with gr.Blocks(analytics_enabled=False) as demo:
        gr.Textbox(label="x")
    demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), ssr_mode=False, quiet=True)
    """
)


def time_to_page(cmd: list[str], env: dict[str, str], port: int) -> tuple[float, float]:
    """Seconds from process start to the first page answering, and RSS when idle."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/")
        ready = time.perf_counter() - start
        time.sleep(1.0)
        return ready, rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {
        **os.environ,
        "COACH_HOME": tempfile.mkdtemp(prefix="coach-bench-start-"),
        "COACH_LLM": "offline",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    helps = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([coach_exe(), "--help"], env=env, check=True, capture_output=True)
        helps.append((time.perf_counter() - start) * 1000)
    minimal_file = Path(tempfile.mkdtemp()) / "minimal.py"
    minimal_file.write_text(MINIMAL_APP)
    serve, minimal, serve_rss, minimal_rss = [], [], [], []
    for _ in range(args.runs):
        port = free_port()
        ready, rss = time_to_page([sys.executable, str(minimal_file), str(port)], env, port)
        minimal.append(ready * 1000)
        minimal_rss.append(rss)
        port = free_port()
        ready, rss = time_to_page([coach_exe(), "serve", "--port", str(port)], env, port)
        serve.append(ready * 1000)
        serve_rss.append(rss)
    rows = [
        {"what": "coach --help", **summary(helps)},
        {"what": "minimal Gradio app: first page", **summary(minimal)},
        {"what": "coach serve: first page", **summary(serve)},
    ]
    ratio = summary(serve)["p50_ms"] / summary(minimal)["p50_ms"]
    print(table(rows, ["what", "n", "p50_ms", "p95_ms", "mean_ms"]))
    print(
        f"\nserve / minimal (p50): {ratio:.2f}x   idle RSS: coach serve {max(serve_rss)} MB, "
        f"minimal app {max(minimal_rss)} MB"
    )
    print(
        f"wrote {write('startup', {'rows': rows, 'serve_over_minimal': round(ratio, 2), 'serve_idle_rss_mb': max(serve_rss), 'minimal_idle_rss_mb': max(minimal_rss)})}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
