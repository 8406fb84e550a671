"""A whole class at once: the students found in a download (`layouts`, one `entry` each), graded
in parallel worker processes (`pool`), and the class run that writes the gradebook after each
student and survives signals (`classrun`)."""
