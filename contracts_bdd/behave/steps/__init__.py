"""The steps themselves; `contracts_bdd.steps` is the public module that registers them."""
