"""The eval suite: scenarios with gold labels, one grader per principle, a runner and a report.

``coach eval`` (coach/cli/eval.py) is the entry point; eval/README.md documents the format.
"""
