"""The consumer side: each scenario's contract, its mock server, its judgement, and the pacts it writes."""
