"""The navigator's benchmarks, run as modules from the project root: `python -m benchmarks.run_all`."""
