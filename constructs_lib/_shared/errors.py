"""The one exception type the library raises for invalid or conflicting input."""


class ConfigurationError(ValueError):
    """Raised at synth time when a construct is given input AWS would reject or that conflicts.

    The message names the parameter, the value received, what is allowed and how to fix it.
    """
