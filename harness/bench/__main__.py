"""``python -m harness.bench SCENARIO [N]``."""

from harness.bench.cli import bench

if __name__ == "__main__":  # pragma: no cover
    bench(prog_name="provlab bench")
