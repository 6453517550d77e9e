"""The benchmark's own pieces (benchmarks/): policy lengths, assembly sizes and the PNG writer."""

import json
import struct
import zlib

from benchmarks.chart import Canvas, line_chart
from benchmarks.measure import POLICY_LIMITS, assembly_metrics, policy_length, template_policies

STATEMENT = {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject"}


def test_policy_length_is_compact_json_with_intrinsics_as_long_as_their_values():
    plain = {"Version": "2012-10-17", "Statement": [STATEMENT]}
    assert policy_length(plain) == len(json.dumps(plain, separators=(",", ":")))
    joined = {"Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::b/AWSLogs/", {"Ref": "AWS::AccountId"}]]}}
    assert policy_length(joined) == len('{"Resource":"arn:aws:s3:::b/AWSLogs/123456789012"}')
    assert policy_length({"Resource": {"Fn::GetAtt": ["Bucket", "Arn"]}}) > 60


def test_policy_limits_are_the_librarys():
    """measure.py keeps its own copy of the limits (it imports no CDK); it must not drift."""
    from constructs_lib._shared.validation import POLICY_SIZE_LIMITS
    from constructs_lib.alerts.event_forwarding import MAX_EVENT_BUS_POLICY_LENGTH
    from constructs_lib.layouts import config
    from constructs_lib.layouts.guardrails import MAX_SCP_LENGTH

    assert POLICY_LIMITS == {
        "bucket": POLICY_SIZE_LIMITS["bucket"],
        "key": POLICY_SIZE_LIMITS["key"],
        "event_bus": MAX_EVENT_BUS_POLICY_LENGTH,
        "scp": MAX_SCP_LENGTH,
    }
    assert config.MAX_EVENT_BUS_POLICY_LENGTH == MAX_EVENT_BUS_POLICY_LENGTH


def test_event_bus_statements_count_as_one_policy_per_bus():
    template = {"Resources": {
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "central"}},
        "One": {"Type": "AWS::Events::EventBusPolicy", "Properties": {"EventBusName": {"Ref": "Bus"}, "Statement": STATEMENT}},
        "Two": {"Type": "AWS::Events::EventBusPolicy", "Properties": {"EventBusName": {"Ref": "Bus"}, "Statement": STATEMENT}},
        "Scp": {"Type": "AWS::Organizations::Policy", "Properties": {"Type": "SERVICE_CONTROL_POLICY", "Content": {"a": 1}}},
    }}
    policies = template_policies(template)
    assert policies["event_bus"] == [policy_length({"Version": "2012-10-17", "Statement": [STATEMENT, STATEMENT]})]
    assert policies["scp"] == [len('{"a":1}')]


def test_assembly_metrics_read_templates_and_skip_the_manifest(tmp_path):
    key = {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [STATEMENT]}}}
    (tmp_path / "A.template.json").write_text(json.dumps({"Resources": {"Key": key}}))
    (tmp_path / "B.stackset.template.json").write_text(json.dumps({"Resources": {"Key": key, "Other": {"Type": "X"}}}))
    (tmp_path / "manifest.json").write_text(json.dumps({"Resources": {}}))
    metrics = assembly_metrics(tmp_path)
    assert metrics["templates"] == 2
    assert metrics["max_resources_per_template"] == 2
    assert metrics["largest_policies"]["key"]["limit"] == POLICY_LIMITS["key"] == 32_768


def test_the_chart_is_a_valid_png():
    canvas = Canvas(320, 240)
    line_chart(canvas, (0, 0, 320, 240), title="Time", y_label="s", series={"a": [(1, 1.0), (10, 2.0)]},
               x_ticks=[1, 10], horizontal_lines={"limit": 3})
    data = canvas.png()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    width, height = struct.unpack(">II", data[16:24])
    assert (kind, length, width, height) == (b"IHDR", 13, 320, 240)
    assert zlib.crc32(data[12:16 + length]) == struct.unpack(">I", data[16 + length:20 + length])[0]
    start = data.index(b"IDAT") + 4
    (idat_length,) = struct.unpack(">I", data[start - 8:start - 4])
    pixels = zlib.decompress(data[start:start + idat_length])
    assert len(pixels) == height * (1 + 3 * width)
    assert pixels.count(b"\xff\xff\xff") < width * height  # something was drawn
