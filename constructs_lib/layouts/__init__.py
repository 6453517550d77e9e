"""Multi-account layouts: the typed configuration of an estate (accounts, their roles, Regions,
organization) and the constructs that join the accounts: the central log archive, the member
accounts' event forwarding, the StackSet that reaches every member account, and the guardrail SCP."""
