"""Speed benchmark: generated instances (instances.py) and the runner behind `make bench` (run.py)."""
