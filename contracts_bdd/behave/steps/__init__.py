"""The steps themselves; `contracts_bdd.steps` is the public module that registers them.

behave loads the step modules before it parses the features, so importing the steps also
installs the feature-file reader (`feature_files.install()`): a project whose environment.py
imports the hooks only inside its own `before_all` still has its features seen.
"""

from contracts_bdd.behave import feature_files

feature_files.install()
