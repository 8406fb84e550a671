"""The grader's output side: one grading's results and every format they are written in.

result.py          FunctionResult and GradeResult (the records), PASSING, headline, learn_line
terminal_view.py   the rich table in the terminal (`rich.print(result)`, `torch101 grade`)
json_view.py       the JSON (`result.to_json()`, `--json`): its keys are a contract
html_view.py       the HTML table in Jupyter, and a standalone page (`--html`)
watch_view.py      what `torch101 grade --watch` draws after each save
gradescope.py      results.json in Gradescope's schema, and the autograder bundle
gradebook.py       a class's summaries: the long and wide CSVs and the JSON

The weights that decide the points live in `grader/weights.py`, next to weights.toml.
"""
