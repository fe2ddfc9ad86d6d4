//! Git hooks: installing, chaining and removing the pre-commit and commit-msg hooks.
