namespace ByokAgent.Providers;

/// <summary>A provider call failed. Carries the provider, the HTTP status (when there was an answer) and the provider's own message.</summary>
/// <remarks>The message and <see cref="ProviderMessage"/> are scrubbed of the config's secrets before this is created.</remarks>
public sealed class ProviderException : Exception
{
    public ProviderException(string providerId, ProviderFailure failure, int? statusCode, string? providerMessage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ProviderId = providerId;
        Failure = failure;
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
    }

    public ProviderException()
        : this("unknown", ProviderFailure.ProviderError, null, null, "The provider call failed.")
    {
    }

    public ProviderException(string message)
        : this("unknown", ProviderFailure.ProviderError, null, null, message)
    {
    }

    public ProviderException(string message, Exception innerException)
        : this("unknown", ProviderFailure.ProviderError, null, null, message, innerException)
    {
    }

    /// <summary>The catalog id of the provider that failed.</summary>
    public string ProviderId { get; }

    /// <summary>Whether the provider answered with an error or could not be reached.</summary>
    public ProviderFailure Failure { get; }

    /// <summary>The HTTP status of the provider's answer, or <see langword="null"/> when there was none.</summary>
    public int? StatusCode { get; }

    /// <summary>The provider's own error message (scrubbed), when its body had one.</summary>
    public string? ProviderMessage { get; }
}
