using System.Diagnostics.Metrics;
using ByokAgent.Observability;
using ByokAgent.Plugins.Browser.Pooling;

namespace ByokAgent.Plugins.Browser.Tests.Pooling;

public sealed class BrowserContextsGaugeTests
{
    [Fact]
    public void Gauge_ReportsThePoolsCountOnTheRuntimeMeter_UntilDisposed()
    {
        // Other tests' pools report too (listeners are process-wide): this one's count is one no real pool reaches.
        var contexts = 4242;
        var gauge = new BrowserContextsGauge(() => contexts);
        using var listener = new MeterListener();
        var seen = new List<int>();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == ByokTelemetry.MeterName && instrument.Name == "byok.browser.contexts")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            lock (seen)
            {
                seen.Add(value);
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();
        contexts = 4243;
        listener.RecordObservableInstruments();
        gauge.Dispose();
        listener.RecordObservableInstruments();

        lock (seen)
        {
            seen.Where(v => v >= 4242).Should().Equal(4242, 4243);
        }
    }
}
