"""BENCHMARKS.md from the stored results (`benchmarks/results/<scale>.json`): one section per
scale, the scaling curve across scales, the targets judged at the largest scale measured, and
covergraph against its peer (`peer-<scale>.json`)."""

from __future__ import annotations

import json
from typing import Any

from benchmarks.harness import SCALES, rewrite_section
from domain.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
Result = dict[str, Any]
# For each measurement, what its ratio is taken against.
BASES = {
    "whoCovers HTTP": "whoCovers raw Cypher",
    "whoCovers query function": "whoCovers raw Cypher",
    "whoCovers raw Cypher": "whoCovers networkx in memory",
    "orgChart depth 3 from the root (HTTP)": "orgChart depth 3 from the root (query function)",
    "coverageSummary of the root (HTTP)": "coverageSummary of the root (query function)",
    # Today from the coverage index, against the anchor day computed from the graph.
    "coverageSummary of the root, today (HTTP)": "coverageSummary of the root (HTTP)",
    "township gaps, first page + total, today (HTTP)": "township gaps, first page + total (HTTP)",
}


def load_results() -> list[Result]:
    """Returns the stored results in scale order."""
    paths = [RESULTS / f"{scale}.json" for scale in SCALES]
    return [json.loads(p.read_text()) for p in paths if p.exists()]


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def _rate(rows: int, stats: Result, at: str = "p50") -> float:
    return float(rows / (stats[at] / 1000))


def import_table(r: Result) -> list[str]:
    """The import rows of one scale: the importer, the bare write and their ratio."""
    imp, rows = r["import"], r["rows"]
    lines = [
        "| import | median s | p99 s | rows/s at median | rows/s at p99 | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, key in (
        ("`import_dataset` (first load)", "load"),
        ("bare `UNWIND … CREATE`", "bare"),
    ):
        s = imp[key]
        lines.append(
            f"| {name} | {s['p50'] / 1000:.1f} | {s['p99'] / 1000:.1f} | "
            f"{_rate(rows, s):,.0f} | {_rate(rows, s, 'p99'):,.0f} | {s['runs']} |"
        )
    ratio = imp["bare"]["p50"] / imp["load"]["p50"]
    store = f"; the data directory holds {imp['store_mb']:,.0f} MiB" if "store_mb" in imp else ""
    lines += [
        "",
        f"The import reaches {ratio:.2f}× the bare write's rows/s (median); an unchanged reload "
        f"takes {imp['reload_s']:.1f} s; Neo4j's peak RSS after the loads: "
        f"{imp['neo4j_peak_mb']:,.0f} MiB{store}.",
    ]
    return lines


def query_table(r: Result) -> list[str]:
    """The single-client timings of one scale, with ratios to their bases."""
    queries = r["queries"]
    lines = [
        "| measurement | p50 ms | p99 ms | runs | ratio p50 / p99 |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, s in queries.items():
        base = queries.get(BASES.get(name, ""))
        ratio = (
            f"{s['p50'] / base['p50']:.2f}× / {s['p99'] / base['p99']:.2f}× {BASES[name]}"
            if base
            else "—"
        )
        lines.append(f"| {name} | {_ms(s['p50'])} | {_ms(s['p99'])} | {s['runs']} | {ratio} |")
    lines += [
        "",
        f"The full sweep streams {r['sweep_gaps']:,} gaps; the Python memory it allocated "
        f"peaked at {r['sweep_peak_mb']:.1f} MiB (tracemalloc, one untimed sweep).",
    ]
    return lines


def _kept(run: Result) -> str:
    # Results stored before the answer cache existed ran without one.
    return "on" if run.get("kept", False) else "off"


def load_table(r: Result) -> list[str]:
    """The concurrent-traffic rows of one scale, one per worker count and answer cache
    setting, and per operation."""
    lines = [
        "| API workers | kept answers | clients | s | requests | req/s | p50 ms | p99 ms | errors "
        "| API peak RSS | Neo4j peak RSS | other load |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in r["load"]:
        o = run["overall"]
        lines.append(
            f"| {run['workers']} | {_kept(run)} | {run['clients']} | {run['seconds']:.0f} "
            f"| {o['runs']:,} "
            f"| {run['throughput']:,.0f} | {_ms(o['p50'])} | {_ms(o['p99'])} | {run['errors']} "
            f"| {run['api_peak_mb']:,.0f} MiB | {run['neo4j_peak_mb']:,.0f} MiB "
            f"| {run['other_cores']:.2f} cores |"
        )
    heads = " | ".join(
        f"{run['workers']} worker(s), kept {_kept(run)}: p50 / p99 ms (n)" for run in r["load"]
    )
    lines += ["", f"| operation | {heads} |", "| --- |" + " ---: |" * len(r["load"])]
    for op in r["load"][0]["by_operation"]:
        cells = []
        for run in r["load"]:
            s = run["by_operation"].get(op)
            cells.append(f"{_ms(s['p50'])} / {_ms(s['p99'])} ({s['runs']:,})" if s else "—")
        lines.append(f"| {op} | {' | '.join(cells)} |")
    errors = [run["first_error"] for run in r["load"] if run["first_error"]]
    if errors:
        lines += ["", f"First error: `{errors[0][:200]}`"]
    return lines


def scale_section(r: Result) -> str:
    """The whole section of one scale."""
    memory = r["neo4j_memory"]
    head = [
        f"## {r['scale']}: {r['rows']:,} rows, {r['organisations']:,} organisations",
        "",
        f"Measured {r['date']} on {r['machine']}, with `{r['command']}`"
        + (" (quick mode)" if r["quick"] else "")
        + f", in {r['minutes']:.0f} min. Bundled Neo4j: heap {memory['HEAP_MB']:,} MiB, page "
        f"cache {memory['PAGECACHE_MB']:,} MiB, transaction memory {memory['TX_MB']:,} MiB. "
        "*Other load* is the CPU the rest of the machine used meanwhile, in busy cores of 2.",
        "",
    ]
    body = [*import_table(r), "", *query_table(r), "", *load_table(r)]
    return "\n".join(head + body)


def peer_section() -> str:
    """Both servers' timings of each query the peer answers, and whether their answers agreed,
    for every scale measured (benchmarks/results/peer-<scale>.json)."""
    paths = [RESULTS / f"peer-{scale}.json" for scale in SCALES]
    measured = [json.loads(p.read_text()) for p in paths if p.exists()]
    if not measured:
        return "Nothing measured yet: `.venv/bin/python -m benchmarks.peer`."
    lines = [
        "| scale | query | covergraph p50 / p99 ms | peer p50 / p99 ms | runs | answers equal |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for m in measured:
        for row in m["rows"]:
            ours, theirs = row["covergraph"], row["peer"]
            equal = "yes" if row["equal"] else f"**no**: {row['first_difference'][:200]}"
            lines.append(
                f"| {m['scale']} | {row['query']} | {_ms(ours['p50'])} / {_ms(ours['p99'])} "
                f"| {_ms(theirs['p50'])} / {_ms(theirs['p99'])} | {ours['runs']} "
                f"| {equal} ({row['compared']} compared) |"
            )
    lines.append("")
    lines += [
        f"{m['scale']}: measured {m['date']} on {m['machine']}, load average "
        f"{m['load_average']} over the last 5 minutes, with `{m['command']}`"
        + (" (quick mode)." if m["quick"] else ".")
        for m in measured
    ]
    return "\n".join(lines)


def rewrite() -> None:
    """Rewrites every generated section of BENCHMARKS.md from the stored results."""
    from benchmarks.targets import scaling_section, targets_section

    results = load_results()
    for r in results:
        rewrite_section(f"scale-{r['scale']}", scale_section(r))
    rewrite_section("targets", targets_section(results))
    rewrite_section("scaling", scaling_section(results))
    rewrite_section("peer", peer_section())


if __name__ == "__main__":
    rewrite()
