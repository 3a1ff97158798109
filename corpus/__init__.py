"""Reading documents and (later) the corpus store. Calls the extractor; never re-implements it."""
from .reader import read_text

__all__ = ["read_text"]
