"""Where a `next` parameter may send people: only to a path on this site."""
from urllib.parse import urlsplit


def safe_next(target):
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
