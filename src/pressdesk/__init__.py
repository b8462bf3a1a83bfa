"""PressDesk: focal points, press releases and distribution lists for communication officers."""

__version__ = "0.1.0"
