"""Small providers for the interop pacts of pact-jvm, pact-php and pact-broker-cli (../shared/interop/pacts).

    python -m examples.interop Animal_Service --port 5000

Each keeps every promise its pact records. `INTEROP_BREAK="<description>"` in the
environment makes the interactions with that description answer wrongly, to
show that exactly those fail verification.
"""
