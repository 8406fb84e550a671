"""A whole class at once: the students in a download, graded in parallel, into a gradebook.

The students are found in a download (`layouts`, one `entry` each) and graded in parallel worker
processes (`pool`); the class run (`classrun`) writes the gradebook after each student and
survives signals.
"""
