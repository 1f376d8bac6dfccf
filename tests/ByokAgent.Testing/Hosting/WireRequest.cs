namespace ByokAgent.Testing.Hosting;

/// <summary>A recorded request on its way to a wire handler.</summary>
/// <param name="Http">The live exchange to answer on.</param>
/// <param name="Request">What was received (already in <see cref="FakeProvider.Requests"/>).</param>
/// <param name="Aborted">Cancelled when the client goes away or the provider is disposed.</param>
internal sealed record WireRequest(HttpContext Http, RecordedRequest Request, CancellationToken Aborted);
