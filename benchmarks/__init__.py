"""The benchmark: cold synthesis against aws-cdk-lib alone, the layouts from 1 to 1,000 accounts,
and the test suite's wall time. Run it with ``make bench`` (``python -m benchmarks.run --help``)."""
