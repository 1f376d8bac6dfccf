using System.Diagnostics.Metrics;
using ByokAgent.Observability;

namespace ByokAgent.Plugins.Browser.Pooling;

/// <summary>
/// <c>byok.browser.contexts</c>: the browser contexts a pool holds open now, on the runtime's meter. Read only when a
/// metrics listener collects, so it costs nothing otherwise.
/// </summary>
/// <remarks>Owned by the pool and disposed with it, so a disposed pool (tests build many) stops being reported.</remarks>
internal sealed class BrowserContextsGauge : IDisposable
{
    private readonly Meter _meter = new(ByokTelemetry.MeterName);

    public BrowserContextsGauge(Func<int> contexts) =>
        _meter.CreateObservableGauge("byok.browser.contexts", contexts, "{context}", "Browser contexts open now (one per session that uses the browser).");

    public void Dispose() => _meter.Dispose();
}
