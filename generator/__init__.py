"""Source-verified briefing book: load -> check -> model -> render -> write.

Each stage is one module named after it; `cli` wires them together.
"""

__version__ = "0.1.0"
