"""readlist: turn Markdown study notes into a deduplicated reading list."""

__version__ = "0.1.0"

__all__ = ["__version__"]
