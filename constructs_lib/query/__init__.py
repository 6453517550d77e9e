"""Investigating the trail's S3 logs with Amazon Athena: the Glue table over the log files (with
partition projection), the workgroup and its encrypted results bucket, the saved investigation
queries and the readers' access; and, for existing CloudTrail Lake customers only, an event data store."""
