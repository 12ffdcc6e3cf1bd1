"""The PDFs the exhibitors area draws: payment requests and receipts."""
