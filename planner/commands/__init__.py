"""One module per command: the library call behind it (read → model → write → what to say), without click.

``planner.cli`` parses the options and calls these; a script can call them the same way.
"""
