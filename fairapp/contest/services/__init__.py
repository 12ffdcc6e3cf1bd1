"""Contest services: every state change of the contest, testable without HTTP; none commits."""
