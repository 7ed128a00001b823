"""The base layer: what every other layer may use and which itself uses nothing of jukidesk's
— user errors, the vocabulary of stored codes, fiscal years and 和暦, safe file writing,
progress and cancel, and where files live. Layers: base < storage < core < reports /
exchange / demo < actions < gui / cli (tests/unit/test_layers.py)."""
