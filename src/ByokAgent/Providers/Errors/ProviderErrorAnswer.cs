namespace ByokAgent.Providers.Errors;

/// <summary>One error answer as the classifier sees it: who answered, the HTTP status, the body and the headers.</summary>
/// <param name="Vendor">Whose error codes these are (a config's provider, or the vendor its host belongs to).</param>
/// <param name="Status">The HTTP status, or the status an in-stream error stands for.</param>
/// <param name="Body">The body as sent (JSON, HTML, empty…).</param>
/// <param name="Header">Reads a response header by name (case-insensitive), or <see langword="null"/> when absent.</param>
internal sealed record ProviderErrorAnswer(ProviderVendor Vendor, int Status, string? Body, Func<string, string?> Header)
{
    public static Func<string, string?> NoHeaders { get; } = _ => null;
}
