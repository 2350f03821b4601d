"""The contract model and its vocabulary: dataclasses, matchers, generators, status classes. No behave, no pact."""
