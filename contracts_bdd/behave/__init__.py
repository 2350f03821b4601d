"""The only code that knows behave: hooks, steps, the run's state on `context.contracts`, the reference."""
