namespace ByokAgent.Security;

/// <summary>
/// Stands in for an exception whose text could carry a secret: the original type name and its text with secrets
/// masked, without the original object (whose properties could hold request or response bodies).
/// </summary>
public sealed class RedactedException : Exception
{
    public RedactedException(string originalType, string redactedText)
        : base(redactedText) => OriginalType = originalType;

    public RedactedException()
        : this(nameof(Exception), "An error occurred.")
    {
    }

    public RedactedException(string message)
        : this(nameof(Exception), message)
    {
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException) => OriginalType = nameof(Exception);

    /// <summary>The full name of the exception type this stands for.</summary>
    public string OriginalType { get; }

    /// <summary>Makes the stand-in for <paramref name="exception"/>, keeping its full text (stack trace included) with secrets masked.</summary>
    public static RedactedException From(Exception exception, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, SecretRedactor.Redact(exception.ToString(), secrets));
    }

    public override string ToString() => $"{OriginalType} (redacted): {Message}";
}
