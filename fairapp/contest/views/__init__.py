"""Contest pages, thin over the services: parse, call, commit, answer (one module per audience)."""
from fairapp.contest.views import (  # noqa: F401  (routes attach to the blueprints)
    api, entrant, juror, organiser_judging, organiser_results, organiser_setup, public,
)
