namespace ByokAgent.Providers;

/// <summary>What kind of failure a provider call ended in.</summary>
public enum ProviderFailure
{
    /// <summary>The provider answered with an error status or an error body.</summary>
    ProviderError,

    /// <summary>No HTTP answer at all: DNS, connection refused, TLS, or a timeout.</summary>
    Unreachable,
}
