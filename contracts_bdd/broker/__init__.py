"""The Pact Broker: the client, its HTTP transport with retries and deadlines, and who is publishing."""
