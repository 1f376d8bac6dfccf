namespace ByokAgent.Providers;

/// <summary>What kind of failure a provider call ended in: the one classification validation and agent turns share.</summary>
/// <remarks>Classified from the status, the error body and headers by <c>ProviderFailureClassifier</c> (shared/wire.md §1).</remarks>
public enum ProviderFailure
{
    /// <summary>The provider answered with an error that is none of the kinds below (5xx, overloaded, bad request…).</summary>
    ProviderError,

    /// <summary>No HTTP answer at all: DNS, connection refused, TLS, or a timeout.</summary>
    Unreachable,

    /// <summary>The key is wrong, missing, revoked, or for another region or endpoint.</summary>
    InvalidKey,

    /// <summary>The model (or Azure deployment) does not exist or the key has no access to it.</summary>
    InvalidModel,

    /// <summary>The account is out of credit or over a daily/plan quota: retrying will not help.</summary>
    QuotaExceeded,

    /// <summary>Too many requests or tokens for now: transient, retry after the wait hint when there is one.</summary>
    RateLimited,
}
