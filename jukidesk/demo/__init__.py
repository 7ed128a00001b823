"""The demo organisation, built by code from the readable definition in
``resources/demo/*.toml`` (never shipped as a binary file)."""
