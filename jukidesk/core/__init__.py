"""The Qt-free core: domain rules, services and reports. Nothing here imports Qt."""
