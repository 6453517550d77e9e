"""The trail and everything it writes to: ``SecureTrail``, its KMS key, log bucket, access-log bucket,
CloudWatch Logs log group and notification topic, and the event selectors that say what it records."""
