"""The author's side: courses with their reports and sync history, previews, publishing.

The blueprint lives in ``lms.author.blueprint``; importing this package runs no Flask code.
"""
