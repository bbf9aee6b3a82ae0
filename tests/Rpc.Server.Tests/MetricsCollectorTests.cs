using System.Diagnostics.Metrics;
using ArrHost.Rpc.Server.Metrics;

namespace ArrHost.Rpc.Server.Tests;

public sealed class MetricsCollectorTests
{
    [Fact]
    public void Scrape_CounterHistogramAndGauge_PrometheusTextWithTypesLabelsAndBuckets()
    {
        var name = "ArrHost.Test." + Guid.NewGuid().ToString("N");
        using var collector = new MetricsCollector([name]);
        using var meter = new Meter(name);
        var frames = meter.CreateCounter<long>("arr.frames.sent", description: "Frames sent");
        var stage = meter.CreateHistogram<double>("arr.stage.duration", "ms", "Stage time");
        var level = 7;
        meter.CreateObservableGauge("arr.queue.depth", () => level, description: "Queue depth");

        frames.Add(2, new KeyValuePair<string, object?>("codec", "h264"));
        frames.Add(3, new KeyValuePair<string, object?>("codec", "h264"));
        frames.Add(1, new KeyValuePair<string, object?>("codec", "jpeg \"q\""));
        stage.Record(0.7);
        stage.Record(3);
        stage.Record(20_000);
        level = 9;

        var lines = collector.Scrape().Split('\n');

        Assert.Contains("# TYPE arr_frames_sent_total counter", lines);
        Assert.Contains("# HELP arr_frames_sent_total Frames sent", lines);
        Assert.Contains("arr_frames_sent_total{codec=\"h264\"} 5", lines);
        Assert.Contains("arr_frames_sent_total{codec=\"jpeg \\\"q\\\"\"} 1", lines);
        Assert.Contains("# TYPE arr_stage_duration_milliseconds histogram", lines);
        Assert.Contains("arr_stage_duration_milliseconds_bucket{le=\"0.5\"} 0", lines);
        Assert.Contains("arr_stage_duration_milliseconds_bucket{le=\"1\"} 1", lines);
        Assert.Contains("arr_stage_duration_milliseconds_bucket{le=\"5\"} 2", lines);
        Assert.Contains("arr_stage_duration_milliseconds_bucket{le=\"10000\"} 2", lines);
        Assert.Contains("arr_stage_duration_milliseconds_bucket{le=\"+Inf\"} 3", lines);
        Assert.Contains("arr_stage_duration_milliseconds_sum 20003.7", lines);
        Assert.Contains("arr_stage_duration_milliseconds_count 3", lines);
        Assert.Contains("# TYPE arr_queue_depth gauge", lines);
        Assert.Contains("arr_queue_depth 9", lines);
    }

    [Fact]
    public void Scrape_SameTagsInAnotherOrder_OneSeries()
    {
        var name = "ArrHost.Test." + Guid.NewGuid().ToString("N");
        using var collector = new MetricsCollector([name]);
        using var meter = new Meter(name);
        var counter = meter.CreateCounter<long>("arr.calls");

        counter.Add(1, new KeyValuePair<string, object?>("b", "2"), new KeyValuePair<string, object?>("a", "1"));
        counter.Add(2, new KeyValuePair<string, object?>("a", "1"), new KeyValuePair<string, object?>("b", "2"));

        var lines = collector.Scrape().Split('\n');
        Assert.Equal("arr_calls_total{a=\"1\",b=\"2\"} 3", Assert.Single(lines, l => l.StartsWith("arr_calls_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scrape_MeterNotListed_LeftOut()
    {
        using var collector = new MetricsCollector(["ArrHost.Test.Listed"]);
        using var meter = new Meter("ArrHost.Test.Other." + Guid.NewGuid().ToString("N"));
        meter.CreateCounter<long>("arr.other").Add(1);

        Assert.DoesNotContain("arr_other", collector.Scrape());
    }

    [Fact]
    public void Record_SeriesSeenBefore_AllocatesNothing()
    {
        var name = "ArrHost.Test." + Guid.NewGuid().ToString("N");
        using var collector = new MetricsCollector([name]);
        using var meter = new Meter(name);
        var stage = meter.CreateHistogram<double>("arr.stage.duration", "ms");
        var tag = new KeyValuePair<string, object?>("stage", "render");
        for (var i = 0; i < 100; i++) stage.Record(i, tag);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) stage.Record(i, tag);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
