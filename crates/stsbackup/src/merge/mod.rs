//! Helm's merging of `-f` files and `--set` expressions, keeping where each value came from.
