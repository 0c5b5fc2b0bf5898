"""The learner's side: my courses, course and module pages, quiz, reflections, progress."""
