"""The helper scripts the Makefile runs before the benchmark."""

import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "ensure-benchmark-tools"


def run_with(tmp_path, *commands: str, uid: int = 1000):
    """Run the script with only these commands on PATH (and a fake `id`)."""
    for name, output in [("id", str(uid)), *((c, "") for c in commands)]:
        tool = tmp_path / name
        tool.write_text(f"#!/bin/sh\necho {output}\n")
        tool.chmod(0o755)
    return subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_benchmark_tools_already_there_need_nothing(tmp_path):
    result = run_with(tmp_path, "wrk", "redis-server")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_missing_benchmark_tools_are_named_and_never_fail_the_run(tmp_path):
    result = run_with(tmp_path, "wrk")
    assert result.returncode == 0
    assert result.stderr == (
        "ensure-benchmark-tools: redis-server missing and cannot install here "
        "(needs root and apt-get): the benchmark uses its fallbacks "
        "(sudo apt-get install redis-server)\n"
    )
