"""What the visitors area draws: ticket and badge PDFs, the fair as a calendar file, the QR as SVG."""
