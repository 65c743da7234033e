from mirrorbot import bench


def test_bench_measures_detector_and_baseline_in_one_run():
    result = bench.run(rounds=1, batch_texts=bench.SHORT * 3)  # the file timing also checks every line came out
    keys = ("single_p50_ms", "single_p95_ms", "baseline_fp32_p50_ms", "batch_throughput", "cold_start_s", "peak_rss_mb", "file_jsonl_s")
    for key in keys:
        assert result[key] > 0, key
    assert result["single_p95_ms"] >= result["single_p50_ms"]
    assert result["ratio_to_baseline"] == result["single_p50_ms"] / result["baseline_fp32_p50_ms"]
