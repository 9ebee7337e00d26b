"""The example workbooks and the script that builds them; installed as planner.examples (package data)."""
