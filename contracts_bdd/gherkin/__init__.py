"""Step text, tables and docstrings -> the contract model: pure functions, no I/O, no behave, no pact."""
