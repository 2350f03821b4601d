"""UserService, the provider: a Flask app serving `GET /users/<id>`."""
