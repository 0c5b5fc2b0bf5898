"""The author's side: courses with their reports and sync history, previews, publishing.

The blueprint lives in ``lms.author.routes``; importing this package runs no Flask code.
"""
