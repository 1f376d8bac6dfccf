namespace ByokAgent.Providers;

/// <summary>
/// The scrubbed trace of what a provider SDK threw, kept as <see cref="Exception.InnerException"/> of a
/// <see cref="ProviderException"/>: the original type name and a secret-free message, without the original object
/// (whose properties could carry request or response bodies).
/// </summary>
public sealed class ProviderCallException : Exception
{
    public ProviderCallException(string originalType, string message)
        : base(message) => OriginalType = originalType;

    public ProviderCallException()
        : this("Exception", "The provider SDK failed.")
    {
    }

    public ProviderCallException(string message)
        : this("Exception", message)
    {
    }

    public ProviderCallException(string message, Exception innerException)
        : base(message, innerException) => OriginalType = innerException?.GetType().Name ?? "Exception";

    /// <summary>The name of the SDK exception type this stands for.</summary>
    public string OriginalType { get; }
}
