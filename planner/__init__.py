"""planner: capacity planning of round-the-clock care places (heldøgns omsorgsplasser)."""

__version__ = "0.1.0"
