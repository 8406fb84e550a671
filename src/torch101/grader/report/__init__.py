"""The grader's output side: one grading's results and every format they are written in.

result.py       FunctionResult and GradeResult (the records), PASSING
watch_view.py   what `torch101 grade --watch` draws after each save
gradescope.py   results.json in Gradescope's schema, and the autograder bundle
gradebook.py    a class's summaries: the long and wide CSVs and the JSON
"""
