using System.Diagnostics;
using System.Text;
using ByokAgent.Observability;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ByokAgent.Tests.Observability;

/// <summary>
/// A real runtime with telemetry switched on through <c>AddByokAgentTelemetry</c> and in-memory exporters behind it, so
/// tests see exactly what an OTLP collector would receive.
/// </summary>
/// <remarks>
/// Listeners are process-wide and test classes run in parallel: tests pick their own model name and read only the spans of
/// their own trace and the metric points tagged with their model.
/// </remarks>
internal sealed class TelemetryCapture : IAsyncDisposable
{
    // Exporters add from whichever thread ends a span; reads take the same lock.
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<MetricSnapshot> _metrics = new();

    private TelemetryCapture(Func<TelemetryCapture, TestRuntime> create) => Host = create(this);

    public TestRuntime Host { get; }

    public static TelemetryCapture Start() => new(capture =>
    {
        var telemetrySettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:Telemetry:Enabled"] = "true",
            ["ByokAgent:Telemetry:ServiceName"] = "byok-tests",
        }).Build();
        var host = TestRuntime.Create(configure: builder =>
        {
            builder.Services.AddByokAgentTelemetry(telemetrySettings);
            builder.Services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(capture._spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(capture._metrics));
        });
        host.Services.StartByokAgentTelemetry();
        return host;
    });

    /// <summary>Every exported span of the trace whose root is <paramref name="root"/>.</summary>
    public IReadOnlyList<Activity> TraceOf(Activity root)
    {
        Flush();
        return [.. _spans.Snapshot().Where(s => s.TraceId == root.TraceId)];
    }

    /// <summary>The <c>invoke_agent</c> span of one session's turns.</summary>
    public IReadOnlyList<Activity> TurnSpans(string sessionId)
    {
        Flush();
        return [.. _spans.Snapshot().Where(s => s.DisplayName == "invoke_agent" && Equals(s.GetTagItem("gen_ai.conversation.id"), sessionId))];
    }

    /// <summary>The sum (counters) or count (histograms) of <paramref name="metric"/>'s points whose tags include all of <paramref name="tags"/>.</summary>
    public double Total(string metric, params (string Key, object Value)[] tags)
    {
        var (type, points) = Points(metric, tags);
        return points.Sum(p => type.IsHistogram() ? p.GetHistogramCount() : type.IsDouble() ? p.GetSumDouble() : p.GetSumLong());
    }

    /// <summary>The sum of a histogram's recorded values, for the matching points.</summary>
    public double HistogramSum(string metric, params (string Key, object Value)[] tags) =>
        Points(metric, tags).Points.Sum(p => p.GetHistogramSum());

    /// <summary>Everything exported as text: span names, tags, events, statuses, resource; metric names, descriptions and point tags.</summary>
    public string AllExportedText()
    {
        Flush();
        var text = new StringBuilder();
        foreach (var span in _spans.Snapshot())
        {
            text.Append(span.DisplayName).Append('|').Append(span.OperationName).Append('|').Append(span.StatusDescription).Append('|');
            foreach (var (key, value) in span.EnumerateTagObjects())
            {
                text.Append(key).Append('=').Append(value).Append(';');
            }

            foreach (var spanEvent in span.Events)
            {
                text.Append(spanEvent.Name).Append(':');
                foreach (var (key, value) in spanEvent.Tags)
                {
                    text.Append(key).Append('=').Append(value).Append(';');
                }
            }

            foreach (var baggage in span.Baggage)
            {
                text.Append(baggage.Key).Append('=').Append(baggage.Value).Append(';');
            }

            text.AppendLine();
        }

        foreach (var metric in _metrics.Snapshot())
        {
            text.Append(metric.Name).Append('|').Append(metric.Description).Append('|');
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    text.Append(tag.Key).Append('=').Append(tag.Value).Append(';');
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    private (MetricType Type, List<MetricPoint> Points) Points(string metric, (string Key, object Value)[] tags)
    {
        Flush();
        // Cumulative temporality: the latest export of a metric holds its running totals.
        var latest = _metrics.Snapshot().LastOrDefault(m => m.Name == metric);
        if (latest is null)
        {
            return (MetricType.LongSum, []);
        }

        return (latest.MetricType, [.. latest.MetricPoints.Where(p => tags.All(t => HasTag(p, t.Key, t.Value)))]);
    }

    private static bool HasTag(MetricPoint point, string key, object value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value?.ToString(), value.ToString()))
            {
                return true;
            }
        }

        return false;
    }

    private void Flush()
    {
        Host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    private sealed class LockedCollection<T> : System.Collections.ObjectModel.Collection<T>
    {
        private readonly Lock _gate = new();

        public List<T> Snapshot()
        {
            lock (_gate)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, T item)
        {
            lock (_gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
