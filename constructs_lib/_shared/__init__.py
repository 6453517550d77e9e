"""Internals every area of the library shares: the error type, input validation, the policy
statements AWS documents for its service principals, cdk-nag acknowledgements, and bucket defaults.

Nothing here is public API; the public names are re-exported by ``constructs_lib``.
"""
