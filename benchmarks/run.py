"""Run the whole benchmark, print its tables, write results.json, results.md and results.png.

    make bench                                 # everything, about ten minutes on two cores
    python -m benchmarks.run --skip-tests      # without the test suite's run
    python -m benchmarks.run --quick           # fewer repeats and accounts, to try it out

Every synthesis is a new Python process, started as ``cdk synth`` starts the app (``CDK_OUTDIR``,
the context of cdk.json in ``CDK_CONTEXT_JSON``, the project's Node.js first on ``PATH``), after one
untimed run that warms the disk caches. Times are medians of the repeats with their range;
memory is the peak resident size of the largest process (Python or its jsii Node.js kernel).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from .chart import Canvas, line_chart
from .measure import FORMS, POLICY_LIMITS, assembly_metrics, run_process

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
APPS = {"default": ROOT / "app.py", "baseline": HERE / "baseline_app.py"}
# Targets of issue 11.
MAX_DEFAULT_TO_BASELINE = 1.15
MAX_ORGANIZATION_GROWTH = 1.2
MAX_STACK_SET_GROWTH = 2.0
MAX_TEST_SUITE_S = 60


def base_environment() -> dict[str, str]:
    """This process's environment with the project's Node.js and this Python first on ``PATH``, and
    without the variables of a surrounding ``cdk synth``."""
    env = {name: value for name, value in os.environ.items() if name not in ("CDK_OUTDIR", "CDK_CONTEXT_JSON")}
    env["PATH"] = os.pathsep.join([str(ROOT / "node_modules" / ".bin"), str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def environment(outdir: Path) -> dict[str, str]:
    """The environment ``cdk synth`` gives an app (the CLI passes cdk.json's context this way)."""
    env = base_environment()
    env["CDK_OUTDIR"] = str(outdir)
    env["CDK_CONTEXT_JSON"] = json.dumps(json.loads((ROOT / "cdk.json").read_text()).get("context", {}))
    return env


def synthesize(arguments: list[str], *, metrics: bool = False) -> tuple[dict, dict | None]:
    """One cold synthesis of the app ``arguments`` (script and its arguments) into a new directory,
    removed afterwards: its time and memory, and with ``metrics`` the assembly's ``assembly_metrics``."""
    outdir = Path(tempfile.mkdtemp(prefix="bench-cdk.out-"))
    try:
        measurement = run_process([sys.executable, *arguments], env=environment(outdir), cwd=ROOT)
        return measurement, assembly_metrics(outdir) if metrics else None
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


def summary(samples: list[dict]) -> dict:
    """Median, minimum and maximum of each measure over the repeats, and the samples themselves."""
    result = {"runs": len(samples), "samples": samples}
    for measure in samples[0]:
        values = [sample[measure] for sample in samples]
        result[measure] = {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values)}
    return result


def cold_synthesis(repeat: int) -> dict:
    """The default app and the baseline, alternating (ABBA order, so that a drift in the machine's
    load hits both alike), and the ratio of their medians."""
    for script in APPS.values():
        synthesize([str(script)])  # warm-up, not timed
    samples, assemblies = {name: [] for name in APPS}, {}
    for round_ in range(repeat):
        order = list(APPS) if round_ % 2 == 0 else list(reversed(APPS))
        for name in order:
            last = round_ == repeat - 1
            measurement, metrics = synthesize([str(APPS[name])], metrics=last)
            if last:
                assemblies[name] = metrics
            samples[name].append(measurement)
            log(f"  {name:8} {measurement}")
    result = {}
    for name, values in samples.items():
        metrics = assemblies[name]
        result[name] = {**summary(values), "templates": metrics["templates"], "template_bytes": metrics["template_bytes"],
                        "resources": sum(metrics["resources"].values())}
    for measure in ("wall_s", "cpu_s", "peak_rss_mib"):
        result[f"ratio_{measure}"] = round(result["default"][measure]["median"] / result["baseline"][measure]["median"], 3)
    return result


def layouts(counts: list[int], *, repeat: int, per_account_max: int) -> list[dict]:
    """Each layout form at each number of accounts: time and memory over the repeats, and the
    assembly's size and largest policies. The per-account form above ``per_account_max`` accounts
    is skipped (one stack per account); from 100 accounts on it runs once. Each form is first
    synthesized once, untimed, at the smallest count."""
    smallest = min(counts)
    for form in FORMS:
        if form != "accounts" or smallest <= per_account_max:
            synthesize([str(HERE / "layout_app.py"), form, str(smallest)])  # warm-up, not timed
    rows = []
    for form in FORMS:
        for count in counts:
            if form == "accounts" and count > per_account_max:
                rows.append({"form": form, "accounts": count, "skipped": f"more than --per-account-max {per_account_max}"})
                continue
            runs = 1 if form == "accounts" and count >= 100 else repeat
            samples = []
            for run in range(runs):
                measurement, metrics = synthesize([str(HERE / "layout_app.py"), form, str(count)], metrics=run == runs - 1)
                samples.append(measurement)
            row = {"form": form, "accounts": count, **summary(samples), **metrics}
            log(f"  {form:12} {count:5} accounts: {row['wall_s']['median']:.1f} s, {metrics['templates']} templates")
            rows.append(row)
    return rows


def test_suite() -> dict:
    """One run of the whole test suite, as ``make test`` runs it."""
    env = base_environment()
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    last = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else ""
    return {"wall_s": round(wall, 1), "passed": completed.returncode == 0, "summary": last}


def machine() -> dict:
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), platform.processor())
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    node = subprocess.run(["node", "--version"], env=base_environment(), capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "node": node,
        "aws_cdk_lib": metadata.version("aws-cdk-lib"),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }


def targets(results: dict) -> list[dict]:
    """Issue 11's targets, each with the measured value and whether it is met."""
    checks = []

    def check(name, value, limit):
        checks.append({"target": name, "value": value, "limit": limit, "met": value is not None and value <= limit})

    cold = results.get("cold_synthesis")
    if cold:
        check("default app / baseline, cold synthesis (median wall)", cold["ratio_wall_s"], MAX_DEFAULT_TO_BASELINE)
    rows = {(row["form"], row["accounts"]): row for row in results.get("layouts", []) if "skipped" not in row}
    counts = sorted({accounts for _, accounts in rows})
    if len(counts) > 1:
        low, high = counts[0], counts[-1]
        organization = (rows.get(("organization", low)), rows.get(("organization", high)))
        if all(organization):
            for measure, label in (("wall_s", "time"), ("peak_rss_mib", "memory")):
                ratio = organization[1][measure]["median"] / organization[0][measure]["median"]
                check(f"organization layout {label}, {high} / {low} accounts", round(ratio, 3), MAX_ORGANIZATION_GROWTH)
            ratio = organization[1]["template_bytes"] / organization[0]["template_bytes"]
            check(f"organization layout template bytes, {high} / {low} accounts", round(ratio, 3), MAX_ORGANIZATION_GROWTH)
        stack_set = (rows.get(("stack-set", low)), rows.get(("stack-set", high)))
        if all(stack_set):
            ratio = stack_set[1]["wall_s"]["median"] / stack_set[0]["wall_s"]["median"]
            check(f"StackSet form time, {high} / {low} accounts", round(ratio, 3), MAX_STACK_SET_GROWTH)
    largest = max(counts, default=0)
    for (form, accounts), row in sorted(rows.items()):
        if accounts == largest:
            for kind, policy in row["largest_policies"].items():
                check(f"{form} at {accounts} accounts: largest {kind} policy (characters)", policy["bytes"], policy["limit"])
    tests = results.get("test_suite")
    if tests:
        check("test suite wall time (s)", tests["wall_s"], MAX_TEST_SUITE_S)
    return checks


def _range(measure: dict, digits: int = 2) -> str:
    if measure["min"] == measure["max"]:
        return f"{measure['median']:.{digits}f}"
    return f"{measure['median']:.{digits}f} ({measure['min']:.{digits}f}-{measure['max']:.{digits}f})"


def tables(results: dict) -> str:
    """The results as Markdown tables (printed, and written to results.md for the README)."""
    lines = []
    cold = results.get("cold_synthesis")
    if cold:
        lines += [
            f"Cold synthesis, {cold['default']['runs']} runs each, alternating: median (min-max).",
            "",
            "| app | wall time (s) | CPU time (s) | peak memory (MiB) | resources | template bytes |",
            "|---|---|---|---|---|---|",
        ]
        for name in APPS:
            row = cold[name]
            lines.append(
                f"| {name} | {_range(row['wall_s'])} | {_range(row['cpu_s'])} | {_range(row['peak_rss_mib'], 0)} "
                f"| {row['resources']} | {row['template_bytes']:,} |"
            )
        lines.append(
            f"| default / baseline | {cold['ratio_wall_s']:.2f} | {cold['ratio_cpu_s']:.2f} "
            f"| {cold['ratio_peak_rss_mib']:.2f} | | |"
        )
        lines.append("")
    if results.get("layouts"):
        kinds = list(POLICY_LIMITS)
        lines += [
            (
                "Layouts: median (min-max) of the runs; largest policy of each kind in characters, as a share of "
                f"AWS's limit ({', '.join(f'{kind} {limit:,}' for kind, limit in POLICY_LIMITS.items())})."
            ),
            "",
            (
                "| layout | accounts | runs | wall time (s) | CPU time (s) | peak memory (MiB) | templates | template bytes "
                f"| max resources per template | {' | '.join(f'{kind} policy' for kind in kinds)} |"
            ),
            "|---|---|---|---|---|---|---|---|---|" + "---|" * len(kinds),
        ]
        for row in results["layouts"]:
            if "skipped" in row:
                lines.append(f"| {row['form']} | {row['accounts']:,} | skipped ({row['skipped']}) |" + " |" * (6 + len(kinds)))
                continue
            policies = [
                f"{row['largest_policies'][kind]['bytes']:,} ({row['largest_policies'][kind]['share']:.0%})"
                if kind in row["largest_policies"] else "-"
                for kind in kinds
            ]
            lines.append(
                f"| {row['form']} | {row['accounts']:,} | {row['runs']} | {_range(row['wall_s'], 1)} | {_range(row['cpu_s'], 1)} "
                f"| {_range(row['peak_rss_mib'], 0)} | {row['templates']} | {row['template_bytes']:,} "
                f"| {row['max_resources_per_template']} | {' | '.join(policies)} |"
            )
        lines.append("")
    tests = results.get("test_suite")
    if tests:
        lines += [f"Test suite: {tests['wall_s']:.0f} s wall time, one run ({tests['summary']}).", ""]
    if results.get("targets"):
        lines += ["| target | measured | limit | met |", "|---|---|---|---|"]
        for item in results["targets"]:
            lines.append(f"| {item['target']} | {item['value']:,} | {item['limit']:,} | {'yes' if item['met'] else 'NO'} |")
        lines.append("")
    return "\n".join(lines)


def draw_chart(results: dict, path: Path) -> None:
    """Synthesis time per layout form, and the largest policy of each kind as a share of its AWS
    limit, against the number of accounts."""
    rows = [row for row in results.get("layouts", []) if "skipped" not in row]
    if not rows:
        return
    counts = sorted({row["accounts"] for row in rows})
    canvas = Canvas(1000, 420)
    times = {
        form: [(row["accounts"], row["wall_s"]["median"]) for row in rows if row["form"] == form]
        for form in FORMS
    }
    line_chart(canvas, (0, 10, 500, 410), title="Synthesis time", y_label="seconds (median)",
               series={name: points for name, points in times.items() if points}, x_ticks=counts)
    shares = {}
    for kind in POLICY_LIMITS:
        points = []
        for count in counts:
            values = [row["largest_policies"][kind]["share"] * 100 for row in rows
                      if row["accounts"] == count and kind in row["largest_policies"]]
            if values:
                points.append((count, max(values)))
        if points:
            shares[f"{kind} policy".replace("_", " ")] = points
    line_chart(canvas, (500, 10, 500, 410), title="Largest policy", y_label="% of AWS limit (any layout)",
               series=shares, x_ticks=counts, horizontal_lines={"AWS limit": 100})
    path.write_bytes(canvas.png())


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="cold syntheses of each app (default: 7)")
    parser.add_argument("--layout-repeat", type=int, default=3, help="syntheses of each layout size (default: 3)")
    parser.add_argument("--accounts", default="1,10,100,1000", help="estate sizes (default: 1,10,100,1000)")
    parser.add_argument("--per-account-max", type=int, default=100,
                        help="largest estate for the one-stack-per-account form (default: 100)")
    parser.add_argument("--skip-cold", action="store_true", help="skip the default app against the baseline")
    parser.add_argument("--skip-layouts", action="store_true", help="skip the layouts")
    parser.add_argument("--skip-tests", action="store_true", help="skip the test suite's run")
    parser.add_argument("--quick", action="store_true", help="2 repeats, 1 layout run, 1 and 10 accounts")
    parser.add_argument("--output", type=Path, default=HERE / "results.json", help="JSON file (default: %(default)s)")
    options = parser.parse_args(argv)
    if options.quick:
        options.repeat, options.layout_repeat, options.accounts = 2, 1, "1,10"
    results = {"machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if not options.skip_cold:
        log("Cold synthesis: default app against the baseline")
        results["cold_synthesis"] = cold_synthesis(options.repeat)
    if not options.skip_layouts:
        log("Layouts")
        counts = [int(count) for count in options.accounts.split(",")]
        results["layouts"] = layouts(counts, repeat=options.layout_repeat, per_account_max=options.per_account_max)
    if not options.skip_tests:
        log("Test suite")
        results["test_suite"] = test_suite()
    results["targets"] = targets(results)
    text = tables(results)
    print(text)
    options.output.write_text(json.dumps(results, indent=2) + "\n")
    options.output.with_suffix(".md").write_text(text)
    draw_chart(results, options.output.with_suffix(".png"))
    log(f"Wrote {options.output}, {options.output.with_suffix('.md')} and {options.output.with_suffix('.png')}")
    return results


if __name__ == "__main__":
    main()
