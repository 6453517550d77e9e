"""What ``help()`` and editors show for a construct's constructor."""

import inspect


def visible_signature(cls: type) -> type:
    """Class decorator: show the constructor's parameters in ``help(cls)`` and ``inspect.signature``.

    jsii's metaclass defines ``__call__(*args, **kwargs)``, which ``inspect`` reports for every
    construct class unless the class carries its own ``__signature__``.
    """
    init = inspect.signature(cls.__init__)
    cls.__signature__ = init.replace(parameters=list(init.parameters.values())[1:])  # without self
    return cls
