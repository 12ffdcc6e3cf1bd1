"""The PDFs the contest draws (on fairapp.printing)."""
