"""`torch101 grade --watch`: re-grade on every save, only the functions the save changed.

`changes` tells which functions a save changed, `watcher` re-grades them (a save cancels a
grading in progress), `cli` picks the file and draws each result (`report/watch_view.py`).
"""
