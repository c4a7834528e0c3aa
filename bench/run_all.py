"""Run every benchmark in turn; each prints its table and writes bench/results/<name>.json.

python bench/run_all.py            # about 15 minutes on 2 cores
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["startup.py", "jobs.py", "retrieval.py", "tokens.py", "ingest.py", "load.py"]


def main() -> int:
    """Run them all; exit non-zero if any fails."""
    failed = []
    for script in SCRIPTS:
        print(f"\n=== {script} ===", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)]).returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
