"""Alerts on what the trail records: the alert catalogue, metric-filter alarms and EventBridge rules,
the encrypted alert topic, and forwarding of security events to a central event bus."""
