namespace ByokAgent.Bedrock;

/// <summary>AWS Bedrock answered with an error, sent an exception frame inside a stream, or its stream broke.</summary>
/// <remarks>
/// <para>HTTP errors carry Bedrock's own error type (from <c>x-amzn-ErrorType</c>, the part before <c>:</c>) and the
/// body's <c>message</c>. Exception frames inside a 200 stream carry their <c>:exception-type</c> (normalized to
/// PascalCase, e.g. <c>ThrottlingException</c>) and, as <see cref="StatusCode"/>, the status Bedrock documents for that
/// type. A stream that broke off or failed its checksum has one of the <c>EventStream...</c> types below and status 200.</para>
/// <para>The message never contains the API key or the AWS secret: neither is ever part of what Bedrock answers.</para>
/// </remarks>
public sealed class BedrockException : Exception
{
    /// <summary>The stream ended (connection closed, or body ended mid-frame or before <c>messageStop</c>).</summary>
    public const string EventStreamTruncated = "EventStreamTruncated";

    /// <summary>A frame of the stream failed its CRC check (the inner exception is the decoder's).</summary>
    public const string EventStreamChecksumFailure = "EventStreamChecksumFailure";

    /// <summary>A frame of the stream could not be read: bad framing or a payload that is not JSON.</summary>
    public const string EventStreamMalformed = "EventStreamMalformed";

    public BedrockException(int statusCode, string errorType, string? providerMessage, string? requestId = null, Exception? innerException = null)
        : base(Describe(statusCode, errorType, providerMessage), innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ProviderMessage = providerMessage;
        RequestId = requestId;
    }

    public BedrockException()
        : this(500, "UnknownError", providerMessage: null)
    {
    }

    public BedrockException(string message)
        : this(500, "UnknownError", message)
    {
    }

    public BedrockException(string message, Exception innerException)
        : this(500, "UnknownError", message, requestId: null, innerException)
    {
    }

    /// <summary>The HTTP status of Bedrock's answer (for an exception frame: the status documented for its type).</summary>
    public int StatusCode { get; }

    /// <summary>Bedrock's error type (<c>ThrottlingException</c>, <c>ValidationException</c>, ...) or an <c>EventStream...</c> constant.</summary>
    public string ErrorType { get; }

    /// <summary>Bedrock's own message (<c>message</c>/<c>Message</c> of the body or frame), when it sent one.</summary>
    public string? ProviderMessage { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the answer, for AWS support.</summary>
    public string? RequestId { get; }

    /// <summary>Whether the failure is the stream itself breaking rather than an error Bedrock reported.</summary>
    public bool IsStreamFailure => ErrorType is EventStreamTruncated or EventStreamChecksumFailure or EventStreamMalformed;

    private static string Describe(int statusCode, string errorType, string? providerMessage) =>
        providerMessage is null
            ? $"AWS Bedrock failed with {statusCode} {errorType}."
            : $"AWS Bedrock failed with {statusCode} {errorType}: {providerMessage}";
}
