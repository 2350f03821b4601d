"""Pact files and pact-ffi: `engine` is the only module that calls pact-python; the rest reads and writes pact JSON."""
