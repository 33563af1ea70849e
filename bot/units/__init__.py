"""Many units (wards, communes) in one deployment, a bot each (issue 14).

- `config`: the units file's units as bot settings (`unit_settings`, `store_target_for`).
- `cli`: `cchc-bot units add|list`.
- `deployment`: every unit's Application in one process, polling or behind one webhook listener.
"""
